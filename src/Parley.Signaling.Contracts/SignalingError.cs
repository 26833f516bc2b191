namespace Parley.Signaling.Contracts;

/// <summary>Why a call was refused.</summary>
/// <param name="Code">A stable, machine-readable code (see <see cref="SignalingErrors"/>).</param>
/// <param name="Message">A sentence for people; it may change between versions.</param>
public sealed record SignalingError(string Code, string Message);
