using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Parley.Signaling.Contracts;
using Parley.Signaling.Sockets;

namespace Parley.Signaling.Tests.Contract;

/// <summary>
/// What the server writes, for the web client's contract test: every event through the socket's own event writer,
/// every call's answer and every HTTP body, each with sample values in every property, and with every error code
/// where a record carries one.
/// </summary>
internal static class ContractSamples
{
    // Where the client narrows a string to the values it knows, the sample is one of them.
    private static readonly Dictionary<string, string> KnownValues = new(StringComparer.Ordinal)
    {
        ["iceTransportPolicy"] = "relay",
    };

    private static readonly NullabilityInfoContext Nullability = new();

    private enum Fill
    {
        /// <summary>Every property set, lists of two.</summary>
        Full,

        /// <summary>What can be null is null, lists are empty, flags false.</summary>
        Sparse,
    }

    /// <summary>The events, as the socket writes them, with the name of the record each carries ("" for none).</summary>
    public static IReadOnlyList<(string Type, string Json)> Events()
    {
        var writer = new RecordingWriter();
        var samples = new List<(string, string)>();
        foreach (var (name, argument) in ContractModel.EventArguments)
        {
            var send = typeof(ISignalingClient).GetMethod(name)!;
            IEnumerable<object?> values = argument is null ? new object?[] { null } : Of(argument);
            foreach (var value in values)
            {
                send.Invoke(writer, value is null ? [] : [value]);
                samples.Add((argument?.Name ?? string.Empty, writer.Take()));
            }
        }

        return samples;
    }

    /// <summary>
    /// The answers to call 1 the socket writes: each result, and as <see cref="SignalingError"/> the top-level error
    /// of a call that could not be read or completed.
    /// </summary>
    public static IReadOnlyList<(string Type, string Json)> Answers()
    {
        var writer = new RecordingWriter();
        var samples = new List<(string, string)>();
        foreach (var result in ContractModel.Results)
        {
            foreach (var value in Of(result))
            {
                writer.Answer(value, result, isError: false);
                samples.Add((result.Name, writer.Take()));
            }
        }

        foreach (var error in ContractModel.Errors)
        {
            writer.Answer(error.Value, typeof(SignalingError), isError: true);
            samples.Add((nameof(SignalingError), writer.Take()));
        }

        return samples;
    }

    /// <summary>The bodies of the HTTP endpoints, as the JSON context writes them.</summary>
    public static IReadOnlyList<(string Type, string Json)> Bodies() =>
    [
        .. ContractModel.Bodies.SelectMany(body => Of(body).Select(value =>
            (body.Name, JsonSerializer.Serialize(value, ContractModel.TypeInfo(body))))),
    ];

    /// <summary>
    /// Samples of a record: a full and a sparse one; for a record with an error, one per error code (and a success,
    /// when the error may be null, with the rest full).
    /// </summary>
    private static List<object> Of(Type type)
    {
        var error = Constructor(type).GetParameters().FirstOrDefault(p => p.ParameterType == typeof(SignalingError));
        IEnumerable<object> samples = error is null
            ? [Build(type, Fill.Full, null), Build(type, Fill.Sparse, null)]
            : IsNullable(error)
                ? [Build(type, Fill.Full, null), .. ContractModel.Errors.Select(e => Build(type, Fill.Sparse, e.Value))]
                : ContractModel.Errors.Select(e => Build(type, Fill.Full, e.Value));
        return [.. samples.DistinctBy(sample => JsonSerializer.Serialize(sample, ContractModel.TypeInfo(type)))];
    }

    private static object Build(Type type, Fill fill, SignalingError? error)
    {
        var constructor = Constructor(type);
        return constructor.Invoke([.. constructor.GetParameters().Select(p => Value(p, fill, error))]);
    }

    private static ConstructorInfo Constructor(Type type) =>
        type.GetConstructors().MaxBy(c => c.GetParameters().Length)
        ?? throw new InvalidOperationException($"{type.Name} has no public constructor to build a sample with.");

    private static object? Value(ParameterInfo parameter, Fill fill, SignalingError? error)
    {
        var type = parameter.ParameterType;
        if (type == typeof(SignalingError))
        {
            return error;
        }

        if (fill == Fill.Sparse && IsNullable(parameter))
        {
            return null;
        }

        var name = JsonNamingPolicy.CamelCase.ConvertName(parameter.Name!);
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return KnownValues.GetValueOrDefault(name, $"{name}-sample");
        }

        if (type == typeof(bool))
        {
            return fill == Fill.Full;
        }

        if (type == typeof(int))
        {
            return fill == Fill.Full ? 2 : 0;
        }

        if (ContractModel.ElementOf(type) is { } element)
        {
            var items = fill == Fill.Sparse ? []
                : element == typeof(string) ? [$"{name}-sample"]
                : Of(element).Take(2).ToList();
            var list = Array.CreateInstance(element, items.Count);
            for (var i = 0; i < items.Count; i++)
            {
                list.SetValue(items[i], i);
            }

            return list;
        }

        if (type.Assembly == ContractModel.Contracts)
        {
            return Build(type, fill, error);
        }

        throw new NotSupportedException(
            $"No sample for {parameter.Member.DeclaringType?.Name}.{parameter.Name} of type {type.Name}: teach ContractSamples.Value one.");
    }

    private static bool IsNullable(ParameterInfo parameter) =>
        Nullable.GetUnderlyingType(parameter.ParameterType) is not null
        || Nullability.Create(parameter).WriteState == NullabilityState.Nullable;

    /// <summary>The socket's event writer, keeping each message instead of sending it.</summary>
    private sealed class RecordingWriter : SocketEventWriter
    {
        private static readonly MethodInfo AnswerOf =
            typeof(RecordingWriter).GetMethod(nameof(AnswerAs), BindingFlags.NonPublic | BindingFlags.Instance)!;

        private string? _message;

        public override Task SendAsync(ReadOnlyMemory<byte> message)
        {
            _message = Encoding.UTF8.GetString(message.Span);
            return Task.CompletedTask;
        }

        public void Answer(object value, Type type, bool isError) =>
            AnswerOf.MakeGenericMethod(type).Invoke(this, [value, isError]);

        public string Take()
        {
            var message = _message ?? throw new InvalidOperationException("The writer wrote nothing.");
            _message = null;
            return message;
        }

        private Task AnswerAs<T>(T value, bool isError) =>
            SendAnswerAsync(1, isError, value, (JsonTypeInfo<T>)ContractModel.TypeInfo(typeof(T)));
    }
}
