using Parley.Server;

var app = ParleyApplication.Create(args);
await app.RunAsync();
