namespace Parley.Testing;

/// <summary>Command-line flags every test's headless Chromium runs with.</summary>
public static class ChromiumFlags
{
    /// <summary>
    /// Root in a container, fake camera and microphone granted without a prompt, no calls home on this closed
    /// network, and host candidates as real addresses rather than .local names: no test network runs multicast DNS.
    /// </summary>
    public static readonly IReadOnlyList<string> FakeMediaHeadless =
    [
        "--no-sandbox",
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-features=WebRtcHideLocalIpsWithMdns",
    ];
}
