using System.Globalization;
using System.Text.RegularExpressions;

namespace Parley.Server.Tests.TestUtils;

/// <summary>Parley's <c>/metrics</c> read the way Prometheus reads it.</summary>
internal static partial class MetricsPage
{
    /// <summary>The sum of <paramref name="name"/>'s samples whose labels include every one of <paramref name="labels"/> (<c>key="value"</c>).</summary>
    public static async Task<double> SumAsync(HttpClient http, string name, params string[] labels)
    {
        var text = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        double sum = 0;
        foreach (Match sample in Sample().Matches(text))
        {
            if (sample.Groups["name"].Value == name && labels.All(l => sample.Groups["labels"].Value.Contains(l, StringComparison.Ordinal)))
            {
                sum += double.Parse(sample.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }

        return sum;
    }

    /// <summary>Scrapes until <paramref name="condition"/> holds for the sum (the exporter caches its page briefly), failing after <paramref name="timeout"/>.</summary>
    public static async Task<double> WaitForAsync(HttpClient http, string name, Func<double, bool> condition, string what, TimeSpan timeout, params string[] labels)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await SumAsync(http, name, labels);
            if (condition(value))
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{what}: {name}{{{string.Join(",", labels)}}} is {value} after {timeout.TotalSeconds} s");
            await Task.Delay(250);
        }
    }

    [GeneratedRegex(@"^(?<name>[a-z_]+)(\{(?<labels>[^}]*)\})? (?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex Sample();
}
