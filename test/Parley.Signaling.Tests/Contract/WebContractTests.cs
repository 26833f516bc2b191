using System.Globalization;
using System.Text.RegularExpressions;

namespace Parley.Signaling.Tests.Contract;

/// <summary>
/// The C# contract is the one source of the protocol: the web client's TypeScript names and types and its contract
/// test's samples are generated from it (and must be checked in as generated), and docs/signaling.md lists exactly its
/// calls, events and error codes. <c>PARLEY_UPDATE_CONTRACT=1</c> rewrites the generated files instead of comparing.
/// </summary>
[Trait("Category", "Contract")]
public sealed partial class WebContractTests
{
    private const string ContractFile = "src/Parley.Web/src/core/contract.generated.ts";
    private const string SamplesFile = "src/Parley.Web/src/core/testing/contractSamples.generated.ts";
    private const string SignalingDoc = "docs/signaling.md";

    [Fact]
    public void WebClientContract_IsGeneratedFromTheCSharpContract() =>
        ExpectGenerated(ContractFile, TypeScriptWriter.Contract(ContractDocs.Load(ContractModel.Contracts)));

    [Fact]
    public void WebClientContractSamples_AreWhatTheServerWrites() =>
        ExpectGenerated(SamplesFile, TypeScriptWriter.Samples());

    [Fact]
    public void EveryEvent_IsNamedInTheContract_AndSentByTheServer()
    {
        var named = ContractModel.Events.Select(e => e.Value).Order(StringComparer.Ordinal);
        var sent = ContractModel.EventArguments.Select(e => e.Event).Order(StringComparer.Ordinal);
        Assert.True(named.SequenceEqual(sent),
            $"SignalingEvents names [{string.Join(", ", named)}] but ISignalingClient sends [{string.Join(", ", sent)}]: an event needs both.");
    }

    [Fact]
    public void SignalingDoc_ListsEveryCallEventAndErrorCode_AndNoOther()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot(), SignalingDoc));
        ExpectListed(doc, "Calls from a client", ContractModel.Calls.Select(c => c.Value));
        ExpectListed(doc, "Events to a client", ContractModel.Events.Select(e => e.Value));
        ExpectListed(doc, "Error codes", ContractModel.Errors.Select(e => e.Value.Code));
    }

    [Fact]
    public void SignalingDoc_StatesEveryLimit()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot(), SignalingDoc));
        foreach (var limit in ContractModel.Limits)
        {
            // Written as a number ("135,168") or, for a whole number of KiB, as such ("64 KiB").
            string[] forms = limit.Value % 1024 == 0
                ? [limit.Value.ToString("N0", CultureInfo.InvariantCulture), $"{limit.Value / 1024} KiB"]
                : [limit.Value.ToString("N0", CultureInfo.InvariantCulture)];
            Assert.True(forms.Any(form => Regex.IsMatch(doc, $@"(?<![\d,]){Regex.Escape(form)}(?![\d,])")),
                $"{SignalingDoc} does not state SignalingLimits.{limit.Name} ({string.Join(" or ", forms)}).");
        }
    }

    private static void ExpectGenerated(string file, string generated)
    {
        var path = Path.Combine(RepositoryRoot(), file);
        if (Environment.GetEnvironmentVariable("PARLEY_UPDATE_CONTRACT") == "1")
        {
            File.WriteAllText(path, generated);
            return;
        }

        var checkedIn = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : null;
        if (checkedIn == generated)
        {
            return;
        }

        var expected = generated.Split('\n');
        var actual = checkedIn?.Split('\n') ?? [];
        var line = Enumerable.Range(0, Math.Max(expected.Length, actual.Length))
            .First(i => i >= expected.Length || i >= actual.Length || expected[i] != actual[i]);
        Assert.Fail(checkedIn is null
            ? $"{file} is missing. Generate it from the C# contract with\n  {TypeScriptWriter.RegenerateCommand}\nand commit it."
            : $"""
              {file} differs from what the C# contract generates, from line {line + 1}:
                checked in: {(line < actual.Length ? actual[line] : "(end of file)")}
                generated:  {(line < expected.Length ? expected[line] : "(end of file)")}
              The contract changed without regenerating the web client's copy (or the copy was edited by hand). Run
                {TypeScriptWriter.RegenerateCommand}
              then check the web client (npx tsc --noEmit, npx vitest run in src/Parley.Web) and commit what changed.
              """);
    }

    /// <summary>The first column of the table under <paramref name="heading"/> names exactly <paramref name="names"/>.</summary>
    private static void ExpectListed(string doc, string heading, IEnumerable<string> names)
    {
        var section = Regex.Match(doc, $@"^## {Regex.Escape(heading)}\n(?<body>.*?)(?=^## |\z)", RegexOptions.Multiline | RegexOptions.Singleline);
        Assert.True(section.Success, $"{SignalingDoc} has no section \"## {heading}\".");
        var listed = TableNames().Matches(section.Groups["body"].Value).Select(m => m.Groups["name"].Value).Order(StringComparer.Ordinal).ToList();
        var expected = names.Order(StringComparer.Ordinal).ToList();
        var missing = expected.Except(listed).ToList();
        var stale = listed.Except(expected).ToList();
        Assert.True(missing.Count == 0 && stale.Count == 0,
            $"The table of \"## {heading}\" in {SignalingDoc} misses [{string.Join(", ", missing)}] and lists [{string.Join(", ", stale)}], which the contract does not have.");
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Parley.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Parley.slnx not found above " + AppContext.BaseDirectory);
    }

    // A table row's first cell, a name in backticks: "| `room-full` | ...".
    [GeneratedRegex(@"^\| `(?<name>[^`]+)` \|", RegexOptions.Multiline)]
    private static partial Regex TableNames();
}
