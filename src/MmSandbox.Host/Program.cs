using MmSandbox.Host;

return await HostProgram.RunAsync(args);
