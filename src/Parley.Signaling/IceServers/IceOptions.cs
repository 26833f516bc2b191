using System.ComponentModel.DataAnnotations;

namespace Parley.Signaling.IceServers;

/// <summary>Configuration section <c>Ice</c>: the ICE servers offered to browsers besides Parley's own.</summary>
public sealed class IceOptions : IValidatableObject
{
    public const string SectionName = "Ice";

    public IList<IceServerEntry> Servers { get; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        Servers.SelectMany((server, i) => server.Validate(validationContext).Select(
            r => new ValidationResult($"{SectionName}:{nameof(Servers)}:{i}: {r.ErrorMessage}", r.MemberNames)));
}
