namespace Parley.Signaling.Tests.TestUtils;

internal static class TaskTimeouts
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(10);

    public static Task<T> DefaultTimeout<T>(this Task<T> task) => task.WaitAsync(Default);

    public static Task DefaultTimeout(this Task task) => task.WaitAsync(Default);
}
