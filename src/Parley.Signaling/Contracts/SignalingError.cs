namespace Parley.Signaling.Contracts;

/// <summary>Why a hub call was refused: a stable machine-readable <paramref name="Code"/> and a sentence for people.</summary>
public sealed record SignalingError(string Code, string Message);
