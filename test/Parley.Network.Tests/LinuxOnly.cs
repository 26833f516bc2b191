using System.Runtime.Versioning;

// Network namespaces, veth pairs and nftables exist only on Linux.
[assembly: SupportedOSPlatform("linux")]
