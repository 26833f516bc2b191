namespace Parley.Turn.Stun.Attributes;

/// <summary>Password algorithms from the IANA "STUN Password Algorithms" registry. RFC 8489 §18.5.</summary>
internal enum PasswordAlgorithm : ushort
{
    Md5 = 0x0001,
    Sha256 = 0x0002,
}
