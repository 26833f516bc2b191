namespace Parley.Signaling.Contracts;

/// <summary>The answer to a call that returns nothing but success or an error (<c>Unlock</c>, <c>Data</c>, <c>Leave</c>).</summary>
/// <param name="Error">Why the call was refused, or null when it succeeded.</param>
public record SignalingResult(SignalingError? Error)
{
    /// <summary>Success.</summary>
    public static SignalingResult Ok { get; } = new((SignalingError?)null);

    /// <summary>A refusal.</summary>
    /// <param name="error">Why the call was refused.</param>
    /// <returns>The answer to send.</returns>
    public static SignalingResult Fail(SignalingError error) => new(error);
}
