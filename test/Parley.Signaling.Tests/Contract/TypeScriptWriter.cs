using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Parley.Signaling.Contracts;

namespace Parley.Signaling.Tests.Contract;

/// <summary>
/// Writes the web client's TypeScript from <see cref="ContractModel"/>: <c>contract.generated.ts</c> (names, error
/// codes, limits, an interface per record) and the contract test's samples of what the server writes.
/// </summary>
internal static class TypeScriptWriter
{
    public const string RegenerateCommand =
        "PARLEY_UPDATE_CONTRACT=1 dotnet test test/Parley.Signaling.Tests -c Release --filter Category=Contract";

    private const int Width = 118;

    private static readonly JsonSerializerOptions StringLiteral = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Contract(ContractDocs docs)
    {
        var ts = new StringBuilder(Header("the wire contract of Parley's signaling socket (docs/signaling.md)"));
        Constants(ts, docs, typeof(SignalingCalls), "The calls a client sends (the `call` of a message).", "SignalingCall",
            ContractModel.Calls.Select(c => (c.Name, Quote(c.Value), docs.Summary(c.Member))));
        Constants(ts, docs, typeof(SignalingEvents), "The events the server sends a client (the `event` of a message).", "SignalingEvent",
            ContractModel.Events.Select(e => (e.Name, Quote(e.Value), docs.Summary(e.Member))));
        Constants(ts, docs, typeof(SignalingErrors), "Every error code a call can be refused with, with the server's message in its comment.",
            "SignalingErrorCode", ContractModel.Errors.Select(e => (Camel(e.Name), Quote(e.Value.Code), ErrorDoc(docs, e))));
        Constants(ts, docs, typeof(SignalingLimits), "The protocol's size limits.", typeName: null,
            ContractModel.Limits.Select(l => (Camel(l.Name), l.Value.ToString(CultureInfo.InvariantCulture), docs.Summary(l.Member))));

        foreach (var record in ContractModel.Records)
        {
            Interface(ts, docs, record);
        }

        ts.Append('\n');
        Doc(ts, "What each event carries as its `arg` (`undefined`: it has none).", indent: string.Empty);
        ts.Append("export interface SignalingEventArgs {\n");
        foreach (var (name, argument) in ContractModel.EventArguments)
        {
            ts.Append(CultureInfo.InvariantCulture, $"  {name}: {argument?.Name ?? "undefined"};\n");
        }

        ts.Append("}\n");
        return ts.ToString();
    }

    public static string Samples()
    {
        var ts = new StringBuilder(Header("samples of what the server writes, for src/core/contract.test.ts"));
        ts.Append("""

            /** A message the server writes and the contract record it carries ('' for none). */
            export interface WireSample {
              readonly type: string;
              readonly json: string;
            }

            """);
        Samples(ts, "eventSamples", "Every event, as the socket writes it.", ContractSamples.Events());
        Samples(ts, "answerSamples", "Answers to call 1, as the socket writes them; `SignalingError`: a call it could not read or complete.",
            ContractSamples.Answers());
        Samples(ts, "bodySamples", "The bodies of the HTTP endpoints.", ContractSamples.Bodies());
        return ts.ToString();
    }

    private static string Header(string what) => $"""
        // Generated from the C# contract (src/Parley.Signaling.Contracts): {what}.
        // Do not edit. test/Parley.Signaling.Tests/Contract/WebContractTests.cs fails while it differs; rewrite it with
        //   {RegenerateCommand}

        """;

    private static void Constants(
        StringBuilder ts, ContractDocs docs, Type holder, string fallback, string? typeName, IEnumerable<(string Key, string Value, string Doc)> members)
    {
        ts.Append('\n');
        var summary = docs.Summary(holder);
        Doc(ts, summary.Length == 0 ? fallback : summary, indent: string.Empty);
        ts.Append(CultureInfo.InvariantCulture, $"export const {holder.Name} = {{\n");
        foreach (var (key, value, doc) in members)
        {
            Doc(ts, doc, indent: "  ");
            ts.Append(CultureInfo.InvariantCulture, $"  {key}: {value},\n");
        }

        ts.Append("} as const;\n");
        if (typeName is not null)
        {
            ts.Append(CultureInfo.InvariantCulture, $"\nexport type {typeName} = (typeof {holder.Name})[keyof typeof {holder.Name}];\n");
        }
    }

    private static string ErrorDoc(ContractDocs docs, Named<SignalingError> error) =>
        error.Member is System.Reflection.MethodInfo
            ? $"{docs.Summary(error.Member)} Its message says what is wrong."
            : $"{docs.Summary(error.Member)} Message: \"{error.Value.Message}\"";

    private static void Interface(StringBuilder ts, ContractDocs docs, Type record)
    {
        ts.Append('\n');
        Doc(ts, docs.Summary(record), indent: string.Empty);
        ts.Append(CultureInfo.InvariantCulture, $"export interface {record.Name} {{\n");
        foreach (var property in ContractModel.TypeInfo(record).Properties)
        {
            var clrName = property.AttributeProvider is System.Reflection.MemberInfo member ? member.Name : property.Name;
            Doc(ts, docs.Property(record, clrName), indent: "  ");
            var type = TypeOf(property.PropertyType);
            var line = ContractModel.IsOmittedWhenNull(property) ? $"{property.Name}?: {type}"
                : ContractModel.IsNullable(property) ? $"{property.Name}: {type} | null"
                : $"{property.Name}: {type}";
            ts.Append(CultureInfo.InvariantCulture, $"  {line};\n");
        }

        ts.Append("}\n");
    }

    private static string TypeOf(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return "string";
        }

        if (type == typeof(bool))
        {
            return "boolean";
        }

        if (type == typeof(int) || type == typeof(long) || type == typeof(double))
        {
            return "number";
        }

        if (ContractModel.ElementOf(type) is { } element)
        {
            return TypeOf(element) + "[]";
        }

        return type.Assembly == ContractModel.Contracts
            ? type.Name
            : throw new NotSupportedException($"The contract holds a {type.Name}, which has no TypeScript form yet: teach TypeScriptWriter.TypeOf one.");
    }

    private static void Samples(StringBuilder ts, string name, string doc, IReadOnlyList<(string Type, string Json)> samples)
    {
        ts.Append('\n');
        Doc(ts, doc, indent: string.Empty);
        ts.Append(CultureInfo.InvariantCulture, $"export const {name}: readonly WireSample[] = [\n");
        foreach (var (type, json) in samples)
        {
            ts.Append(CultureInfo.InvariantCulture, $"  {{\n    type: {Quote(type)},\n    json: {JsonSerializer.Serialize(json, StringLiteral)},\n  }},\n");
        }

        ts.Append("];\n");
    }

    /// <summary>A JSDoc comment, on one line when it fits, else wrapped at <see cref="Width"/>.</summary>
    private static void Doc(StringBuilder ts, string text, string indent)
    {
        if (text.Length == 0)
        {
            return;
        }

        text = text.Replace("*/", "*\\/", StringComparison.Ordinal);
        if (indent.Length + text.Length + 7 <= Width)
        {
            ts.Append(CultureInfo.InvariantCulture, $"{indent}/** {text} */\n");
            return;
        }

        ts.Append(CultureInfo.InvariantCulture, $"{indent}/**\n");
        var line = new StringBuilder();
        foreach (var word in text.Split(' '))
        {
            if (line.Length > 0 && indent.Length + 3 + line.Length + 1 + word.Length > Width)
            {
                ts.Append(CultureInfo.InvariantCulture, $"{indent} * {line}\n");
                line.Clear();
            }

            line.Append(line.Length == 0 ? string.Empty : " ").Append(word);
        }

        ts.Append(CultureInfo.InvariantCulture, $"{indent} * {line}\n{indent} */\n");
    }

    private static string Quote(string value) => $"'{value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)}'";

    private static string Camel(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);
}
