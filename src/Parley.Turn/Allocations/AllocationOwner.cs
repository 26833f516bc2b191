namespace Parley.Turn.Allocations;

/// <summary>
/// The credential an allocation was created with: its user name (every later request on the allocation must use the
/// same, RFC 8656 §5), its grant, and its expiry (null for a static user, whose credential never expires).
/// </summary>
internal readonly record struct AllocationOwner(string Username, string Grant, DateTimeOffset? CredentialExpiresAt);
