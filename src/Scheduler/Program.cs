using System.CommandLine;
using ReportForge.Scheduler.Cli;

// On SIGTERM/Ctrl+C the running command is cancelled and given time to finish: `serve` hands back or
// completes its running work, which takes longer than System.CommandLine's default of two seconds.
return await ReportForgeCli.Build().Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(90) });
