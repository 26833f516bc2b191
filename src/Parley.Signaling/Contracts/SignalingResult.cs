namespace Parley.Signaling.Contracts;

/// <summary>The answer to a hub call that returns nothing but success or an error.</summary>
public record SignalingResult(SignalingError? Error)
{
    public static SignalingResult Ok { get; } = new((SignalingError?)null);

    public static SignalingResult Fail(SignalingError error) => new(error);
}
