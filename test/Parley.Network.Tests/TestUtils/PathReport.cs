using System.Globalization;
using System.Text;

namespace Parley.Network.Tests.TestUtils;

/// <summary>One proven case: what the test expected and what the browsers' getStats showed.</summary>
public sealed record PathRow(int Case, string Network, string Expected, string PeerA, string PeerB, TimeSpan Setup);

/// <summary>
/// The table of proven network paths, rewritten to <see cref="FilePath"/> each time a case finishes so that it is
/// complete whichever order the cases ran in.
/// </summary>
public sealed class PathReport
{
    private readonly SortedDictionary<int, PathRow> _rows = [];

    public static string FilePath { get; } = Path.Combine(AppContext.BaseDirectory, "network-paths.md");

    /// <summary>Records <paramref name="row"/> and returns the whole table so far.</summary>
    public string Add(PathRow row)
    {
        string table;
        lock (_rows)
        {
            _rows[row.Case] = row;
            table = Format(_rows.Values);
        }

        File.WriteAllText(FilePath, table);
        return table;
    }

    private static string Format(IEnumerable<PathRow> rows)
    {
        var text = new StringBuilder()
            .AppendLine("| # | Network | Expected | Peer A: local ↔ remote | Peer B: local ↔ remote | Call setup |")
            .AppendLine("|---|---|---|---|---|---|");
        foreach (var row in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {row.Case} | {row.Network} | {row.Expected} | {row.PeerA} | {row.PeerB} | {row.Setup.TotalSeconds:0.0} s |");
        }

        return text.ToString();
    }
}
