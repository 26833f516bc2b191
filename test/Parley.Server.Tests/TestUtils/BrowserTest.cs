namespace Parley.Server.Tests.TestUtils;

/// <summary>A test that opens browser profiles (people) and closes them all when it ends.</summary>
public abstract class BrowserTest(BrowserTestBed bed) : IAsyncLifetime
{
    private readonly List<CallPage> _people = [];

    protected BrowserTestBed Bed => bed;

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>A call left running would load the machine under the next test.</summary>
    public async Task DisposeAsync()
    {
        foreach (var person in _people)
        {
            await person.Page.Context.CloseAsync();
        }
    }

    protected async Task<CallPage> NewPersonAsync()
    {
        var person = new CallPage(await bed.Chromium.NewPersonAsync(), _people);
        _people.Add(person);
        return person;
    }

    /// <summary>The first of <paramref name="names"/> opens a new room from the home page, the others join by its link.</summary>
    protected async Task<(string Room, IReadOnlyList<CallPage> People)> StartGroupCallAsync(params string[] names)
    {
        var first = await NewPersonAsync();
        var room = await first.JoinFromHomeAsync(bed.Server.BaseAddress, names[0]);
        List<CallPage> people = [first];
        foreach (var name in names[1..])
        {
            people.Add(await JoinRoomAsync(room, name));
        }

        return (room, people);
    }

    /// <summary>A new person opens the link of <paramref name="room"/> and joins as <paramref name="name"/>.</summary>
    protected async Task<CallPage> JoinRoomAsync(string room, string name)
    {
        var person = await NewPersonAsync();
        await person.JoinByLinkAsync(bed.Server.RoomUrl(room), name);
        return person;
    }

    /// <summary>Alice opens a new room from the home page, Bob joins by its link, and media flows both ways.</summary>
    protected async Task<(CallPage Alice, CallPage Bob, string Room)> StartCallAsync()
    {
        var alice = await NewPersonAsync();
        var bob = await NewPersonAsync();
        return (alice, bob, await StartCallAsync(alice, bob));
    }

    /// <summary>As <see cref="StartCallAsync()"/>, with pages a test has prepared (routes, scripts); returns the room.</summary>
    protected async Task<string> StartCallAsync(CallPage alice, CallPage bob)
    {
        var room = await alice.JoinFromHomeAsync(bed.Server.BaseAddress, "Alice");
        await bob.JoinByLinkAsync(bed.Server.RoomUrl(room), "Bob");
        await alice.ExpectStateAsync("connected");
        await bob.ExpectStateAsync("connected");
        await alice.ExpectMediaFlowingAsync();
        await bob.ExpectMediaFlowingAsync();
        return room;
    }
}
