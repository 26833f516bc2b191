using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Parley.Signaling.Contracts;

namespace Parley.Signaling.Tests.Contract;

/// <summary>
/// The signaling contract as the server defines it, read by reflection: the call, event and error names of
/// Parley.Signaling.Contracts, the event arguments of <see cref="ISignalingClient"/>, and every record as
/// <see cref="SignalingJsonContext"/> writes it (its real property names and null handling).
/// </summary>
internal static class ContractModel
{
    public static Assembly Contracts { get; } = typeof(SignalingJsonContext).Assembly;

    public static JsonSerializerOptions Json { get; } = SignalingJsonContext.Default.Options;

    /// <summary>The calls, by their C# name.</summary>
    public static IReadOnlyList<Named<string>> Calls { get; } = Constants<string>(typeof(SignalingCalls));

    /// <summary>The events, by their C# name.</summary>
    public static IReadOnlyList<Named<string>> Events { get; } = Constants<string>(typeof(SignalingEvents));

    /// <summary>The size limits, by their C# name.</summary>
    public static IReadOnlyList<Named<int>> Limits { get; } = Constants<int>(typeof(SignalingLimits));

    /// <summary>Every error of <see cref="SignalingErrors"/>; one made from a description has that as its message.</summary>
    public static IReadOnlyList<Named<SignalingError>> Errors { get; } = ReadErrors();

    /// <summary>What each event carries, from the method of <see cref="ISignalingClient"/> named for it (null: nothing).</summary>
    public static IReadOnlyList<(string Event, Type? Argument)> EventArguments { get; } =
    [
        .. typeof(ISignalingClient).GetMethods()
            .Select(method => (method.Name, method.GetParameters() switch
            {
                [] => null,
                [var argument] => argument.ParameterType,
                _ => throw new InvalidOperationException($"ISignalingClient.{method.Name} takes more than one argument; an event carries one."),
            }))
            .OrderBy(e => e.Name, StringComparer.Ordinal),
    ];

    /// <summary>The records the JSON context serialises and those they hold, by name.</summary>
    public static IReadOnlyList<Type> Records { get; } = ReadRecords();

    /// <summary>The answers to calls: <see cref="SignalingResult"/> and the results derived from it.</summary>
    public static IReadOnlyList<Type> Results { get; } = [.. Records.Where(typeof(SignalingResult).IsAssignableFrom)];

    /// <summary>Records that are neither a call's answer, an event's argument nor part of one: HTTP bodies.</summary>
    public static IReadOnlyList<Type> Bodies { get; } = ReadBodies();

    public static JsonTypeInfo TypeInfo(Type type) =>
        Json.GetTypeInfo(type) is { Kind: JsonTypeInfoKind.Object } info
            ? info
            : throw new InvalidOperationException($"SignalingJsonContext does not write {type.Name} as an object.");

    /// <summary>Whether the property can be left out of the JSON: ignored when it is null.</summary>
    public static bool IsOmittedWhenNull(JsonPropertyInfo property) =>
        property.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), inherit: true)
            .Cast<JsonIgnoreAttribute>()
            .Any(ignore => ignore.Condition is JsonIgnoreCondition.WhenWritingNull or JsonIgnoreCondition.WhenWritingDefault) == true;

    public static bool IsNullable(JsonPropertyInfo property) =>
        property.IsGetNullable || Nullable.GetUnderlyingType(property.PropertyType) is not null;

    /// <summary>The element type of a list, or null when <paramref name="type"/> is not one.</summary>
    public static Type? ElementOf(Type type) =>
        type == typeof(string) ? null
        : type.IsArray ? type.GetElementType()
        : type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) ? type.GetGenericArguments()[0]
        : null;

    private static List<Named<T>> Constants<T>(Type holder) =>
    [
        .. holder.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral && field.FieldType == typeof(T))
            .Select(field => new Named<T>(field.Name, (T)field.GetRawConstantValue()!, field))
            .OrderBy(c => c.Name, StringComparer.Ordinal),
    ];

    private static List<Named<SignalingError>> ReadErrors()
    {
        var errors = new List<Named<SignalingError>>();
        foreach (var member in typeof(SignalingErrors).GetMembers(BindingFlags.Public | BindingFlags.Static))
        {
            switch (member)
            {
                case PropertyInfo { PropertyType: var type } property when type == typeof(SignalingError):
                    errors.Add(new(property.Name, (SignalingError)property.GetValue(null)!, property));
                    break;
                case MethodInfo { ReturnType: var type, IsSpecialName: false } method when type == typeof(SignalingError):
                    // The message is the caller's description of the problem.
                    var description = method.GetParameters().Select(p => (object?)$"<{p.Name}>").ToArray();
                    errors.Add(new(method.Name, (SignalingError)method.Invoke(null, description)!, method));
                    break;
            }
        }

        return [.. errors.OrderBy(e => e.Name, StringComparer.Ordinal)];
    }

    private static List<Type> ReadRecords()
    {
        var found = new SortedDictionary<string, Type>(StringComparer.Ordinal);
        // The context has a JsonTypeInfo<T> property for every type it serialises, nested ones included.
        var pending = new Stack<Type>(typeof(SignalingJsonContext).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.PropertyType.IsGenericType
                && property.PropertyType.GetGenericTypeDefinition() == typeof(JsonTypeInfo<>))
            .Select(property => property.PropertyType.GetGenericArguments()[0]));
        foreach (var (_, argument) in EventArguments)
        {
            if (argument is not null)
            {
                pending.Push(argument);
            }
        }

        while (pending.TryPop(out var type))
        {
            if (type.Assembly != Contracts || !found.TryAdd(type.Name, type))
            {
                continue;
            }

            foreach (var property in TypeInfo(type).Properties)
            {
                var held = ElementOf(property.PropertyType) ?? property.PropertyType;
                pending.Push(Nullable.GetUnderlyingType(held) ?? held);
            }
        }

        return [.. found.Values];
    }

    private static List<Type> ReadBodies()
    {
        var held = new HashSet<Type>(EventArguments.Select(e => e.Argument).OfType<Type>().Concat(Results));
        foreach (var type in Records)
        {
            foreach (var property in TypeInfo(type).Properties)
            {
                held.Add(ElementOf(property.PropertyType) ?? property.PropertyType);
            }
        }

        return [.. Records.Where(type => !held.Contains(type))];
    }
}

/// <summary>A member of the contract: its C# name, its value, and where it is declared (for its documentation).</summary>
internal sealed record Named<T>(string Name, T Value, MemberInfo Member);
