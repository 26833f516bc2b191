using Parley.Signaling.Contracts;

namespace Parley.Client;

/// <summary>
/// The server answered a call with an error instead of a result: it could not read the call (<c>invalid-call</c>) or
/// could not complete it (<c>server-error</c>, e.g. while its Redis is down). A refusal by the protocol's rules
/// (<c>room-full</c>, <c>not-joined</c>, …) is not an exception: it is the result's <see cref="SignalingResult.Error"/>.
/// </summary>
public sealed class ParleyCallException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public ParleyCallException()
        : this("The Parley server answered a call with an error.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    public ParleyCallException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The failure underneath.</param>
    public ParleyCallException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for the error the server answered <paramref name="call"/> with.</summary>
    /// <param name="call">The call's name.</param>
    /// <param name="error">The server's error.</param>
    public ParleyCallException(string call, SignalingError error)
        : base($"The server answered {call} with {error?.Code}: {error?.Message}")
    {
        ArgumentNullException.ThrowIfNull(error);
        Call = call;
        Error = error;
    }

    /// <summary>The call that failed.</summary>
    public string? Call { get; }

    /// <summary>The server's error: its <see cref="SignalingError.Code"/> is <c>invalid-call</c> or <c>server-error</c>.</summary>
    public SignalingError? Error { get; }
}
