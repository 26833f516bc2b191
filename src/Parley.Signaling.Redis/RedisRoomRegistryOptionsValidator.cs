using Microsoft.Extensions.Options;

namespace Parley.Signaling.Redis;

/// <summary>The data-annotation checks of <see cref="RedisRoomRegistryOptions"/>, generated at compile time, not read by reflection.</summary>
[OptionsValidator]
internal sealed partial class RedisRoomRegistryOptionsValidator : IValidateOptions<RedisRoomRegistryOptions>;
