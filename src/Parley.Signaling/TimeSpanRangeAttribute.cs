using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Parley.Signaling;

/// <summary>
/// A <see cref="TimeSpan"/> setting's bounds, inclusive. <c>[Range(typeof(TimeSpan), …)]</c> finds its converter by
/// reflection, which a native-AOT build cannot promise; this parses its bounds once, as invariant-culture TimeSpans.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class TimeSpanRangeAttribute(string minimum, string maximum) : ValidationAttribute
{
    public TimeSpan Minimum { get; } = TimeSpan.Parse(minimum, CultureInfo.InvariantCulture);

    public TimeSpan Maximum { get; } = TimeSpan.Parse(maximum, CultureInfo.InvariantCulture);

    public override bool IsValid(object? value) => value is not TimeSpan span || (span >= Minimum && span <= Maximum);

    public override string FormatErrorMessage(string name) =>
        string.Format(CultureInfo.InvariantCulture, "The field {0} must be between {1} and {2}.", name, Minimum, Maximum);
}
