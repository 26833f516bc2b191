namespace Parley.Turn.Tests.TestUtils;

internal static class Hex
{
    /// <summary>Parses hex with any whitespace in between, as the RFCs print their vectors.</summary>
    public static byte[] Parse(string text) =>
        Convert.FromHexString(string.Concat(text.Where(c => !char.IsWhiteSpace(c))));
}
