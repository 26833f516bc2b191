using Microsoft.Extensions.Options;

namespace Parley.Server.Proxy;

/// <summary>The checks of <see cref="ProxyOptions"/>, generated at compile time, not read by reflection.</summary>
[OptionsValidator]
internal sealed partial class ProxyOptionsValidator : IValidateOptions<ProxyOptions>;
