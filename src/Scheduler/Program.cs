using ReportForge.Scheduler.Cli;

return await ReportForgeCli.Build().Parse(args).InvokeAsync();
