using System.Text.Json;
using System.Text.Json.Serialization;

namespace Parley.Server.Health;

/// <summary>The JSON body of <c>/healthz</c> and <c>/readyz</c>.</summary>
internal sealed record HealthBody(string Status, IReadOnlyList<HealthCheckBody> Checks);

internal sealed record HealthCheckBody(string Name, string Status, string? Description, double DurationMs);

/// <summary>The health bodies' JSON, source-generated (camelCase), so the native-AOT build needs no reflection.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(HealthBody))]
internal sealed partial class HealthJsonContext : JsonSerializerContext;
