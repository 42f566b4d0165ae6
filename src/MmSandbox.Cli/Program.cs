using MmSandbox.Cli;

return await CliApp.RunAsync(args);
