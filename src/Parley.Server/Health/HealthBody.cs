using System.Text.Json;
using System.Text.Json.Serialization;

namespace Parley.Server.Health;

/// <summary>The JSON body of <c>/healthz</c> and <c>/readyz</c>.</summary>
internal sealed record HealthBody(string Status, IReadOnlyList<HealthCheckBody> Checks);

/// <summary>One check; its description and duration only on the management address (they can name addresses).</summary>
internal sealed record HealthCheckBody(
    string Name,
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Description,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? DurationMs);

/// <summary>The health bodies' JSON, source-generated (camelCase), so the native-AOT build needs no reflection.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(HealthBody))]
internal sealed partial class HealthJsonContext : JsonSerializerContext;
