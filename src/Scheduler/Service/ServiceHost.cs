using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Quartz;
using ReportForge.Data.Archive;
using ReportForge.Data.Ingest;
using ReportForge.Data.Storage;
using ReportForge.Reporting.Analysis;
using ReportForge.Reporting.Templates;
using ReportForge.Scheduler.Api;
using ReportForge.Scheduler.Briefs;
using ReportForge.Scheduler.Cluster;
using ReportForge.Scheduler.Dashboard;
using ReportForge.Scheduler.Delivery;
using ReportForge.Scheduler.Delivery.Email;
using ReportForge.Scheduler.Delivery.Folder;
using ReportForge.Scheduler.Delivery.Webhook;
using ReportForge.Scheduler.Flash;
using ReportForge.Scheduler.Ingest;
using ReportForge.Scheduler.Schedules;
using ReportForge.Scheduler.Templates;

namespace ReportForge.Scheduler.Service;

/// <summary>Composes `reportforge serve`: Quartz with its SQLite job store (or a clustered PostgreSQL one), the brief queue, deliveries and the web API.</summary>
public static class ServiceHost
{
    /// <summary>File name of the Quartz job store in the data folder.</summary>
    public const string QuartzFileName = "quartz.db";

    /// <summary>Builds the service. The database is migrated and the template sets compiled here, so a bad set-up fails before anything listens.</summary>
    /// <remarks><c>args</c> is command-line configuration (e.g. --urls); <c>settings</c> are applied last (a data folder from the CLI, a test's configuration).</remarks>
    public static async Task<WebApplication> BuildAsync(string[] args, IReadOnlyDictionary<string, string?>? settings, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        var section = builder.Configuration.GetSection(ServiceOptions.Section);
        var options = section.Get<ServiceOptions>() ?? new ServiceOptions();
        var dataDirectory = Path.GetFullPath(options.DataDirectory);
        builder.Configuration[$"{ServiceOptions.Section}:DataDirectory"] = dataDirectory;
        var failures = new ServiceOptionsValidator().Validate(null, options);
        if (failures.Failed)
        {
            throw new OptionsValidationException(ServiceOptions.Section, typeof(ServiceOptions), failures.Failures);
        }

        var clock = TimeProvider.System;
        var database = options.Storage.Open(dataDirectory);
        var clustered = database.Provider == StorageProvider.Postgres;
        var node = ServiceNode.ForThisProcess(clustered);
        var briefsDirectory = string.IsNullOrWhiteSpace(options.BriefsDirectory) ? Path.Combine(dataDirectory, "briefs") : Path.GetFullPath(options.BriefsDirectory);
        await new SchemaMigrator(database, clock).MigrateAsync(cancellationToken);
        var templateVersions = new TemplateVersionStore(database, clock);
        var templates = await TemplateCatalog.LoadAsync(options.Briefs.TemplateSets, database, templateVersions, dataDirectory, cancellationToken);

        var services = builder.Services;
        services.AddOptions<ServiceOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<ServiceOptions>, ServiceOptionsValidator>();
        services.Configure<HostOptions>(o => o.ShutdownTimeout = options.Briefs.ShutdownGrace + TimeSpan.FromSeconds(15));
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.Api.MaxBodyBytes * 2L);
        services.AddProblemDetails();
        services.AddOpenApi();
        services.AddHttpClient(WebhookChannel.HttpClientName);

        services.AddSingleton(clock);
        services.AddSingleton(database);
        services.AddSingleton(templates);
        services.AddSingleton(templateVersions);
        // The logo is read once, here: a missing or unreadable file stops the start, not each brief.
        services.AddSingleton(await options.EffectiveBrand.WithLogoInlinedAsync(cancellationToken));
        services.AddSingleton(options.Pdf);
        services.AddSingleton(new ReportArchive(database, briefsDirectory));
        services.AddSingleton(node);
        services.AddSingleton<NodeStore>();
        services.AddSingleton<LeaseStore>();
        services.AddSingleton(sp => new BriefAnalyzer(database, clock, BriefAnalyzer.DefaultDetectors(), BriefAnalyzer.DefaultAssets));
        services.AddSingleton<BriefRunner>();
        services.AddSingleton<BriefJobStore>();
        services.AddSingleton<BriefBacklog>();
        services.AddSingleton<ScheduleStore>();
        services.AddSingleton<ScheduleRunStore>();
        services.AddSingleton<ScheduleService>();
        services.AddSingleton<CompletenessCheck>();
        services.AddSingleton<FlashWatcher>();
        services.AddSingleton<FolderIngestRunner>();
        services.AddReportForgeSources(builder.Configuration);
        services.AddSingleton<IIngestRunner, SourceIngestRunner>();
        services.AddSingleton<SubscriptionStore>();
        services.AddSingleton<DeliveryStore>();
        services.AddSingleton<DeliverySignal>();
        services.AddSingleton<DeliveryPlanner>();
        services.AddSingleton<UnsubscribeLinks>();
        services.AddSingleton<SmtpMailer>();
        services.AddSingleton<IDeliveryChannel, EmailChannel>();
        services.AddSingleton<IDeliveryChannel, WebhookChannel>();
        services.AddSingleton<IDeliveryChannel, FolderChannel>();
        services.AddSingleton<OwnerAlerts>();
        services.AddSingleton<ApiKeys>();
        services.AddSingleton<ApiKeyFilter>();
        services.AddTransient<BriefScheduleJob>();
        services.AddTransient<BriefJobRun>();
        services.AddTransient<IngestScheduleJob>();
        services.AddSingleton<RetriesExhaustedListener>();
        services.AddDashboard(builder.Configuration);

        // Start order is registration order and stop order its reverse: Chromium first up and last down, the
        // node joined (and what its last run left resolved) before any work, schedules written before Quartz
        // starts, Quartz stopped (waiting for its jobs) before the rest, the node leaving last.
        services.AddSingleton<WarmPdfRenderer>();
        services.AddHostedService(sp => sp.GetRequiredService<WarmPdfRenderer>());
        services.AddHostedService<NodeHeartbeat>();
        services.AddHostedService<ScheduleStartup>();
        services.AddHostedService<DeliveryWorker>();
        // The free liquidation streams (Sources:Collectors:Enabled) run on the node holding their lease.
        services.AddHostedService<CollectorLease>();

        var quartzPath = Path.Combine(dataDirectory, QuartzFileName);
        services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(o =>
            {
                // Nodes sharing the job store need distinct instance ids; the node id also marks the node's work in ReportForge's tables.
                if (clustered)
                {
                    o.InstanceId = node.Id;
                }

                o.IdleWaitTime = options.Scheduler.IdleWaitTime;
            });

            quartz.UsePersistentStore(store =>
            {
                if (clustered)
                {
                    // Quartz's tables (qrtz_*) live in the same PostgreSQL database as ReportForge's.
                    store.UsePostgres(options.Storage.ConnectionString!);
                    store.UseClustering(c => c.CheckinInterval = options.Scheduler.ClusterCheckinInterval);
                }
                else
                {
                    store.UseSqlite($"Data Source={quartzPath};Pooling=true;Default Timeout=30");
                }

                // Quartz's own schema for the engine, shipped in the package, created when missing.
                store.ProvisionSchema();
                store.UseSystemTextJsonSerializer();
                store.ConfigureStore(o => o.RecoverFiringsCancelledByShutdown = true);
            });
            // Schedules and queued briefs share Quartz's threads: Scheduler:Threads for the one, Briefs:Workers for the other.
            quartz.UseDefaultThreadPool(options.Scheduler.Threads + options.Briefs.Workers);
            quartz.UseDefaultRetryPolicy(ScheduleService.RetryPolicyOf(options.Scheduler.Retry));
            quartz.AddTriggerListener<RetriesExhaustedListener>();
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapOpenApi();
        HealthEndpoint.Map(app);
        var api = app.MapGroup("/api").AddEndpointFilter<ApiKeyFilter>();
        BriefEndpoints.Map(api);
        ScheduleEndpoints.Map(api);
        SubscriptionEndpoints.Map(api, app);
        DashboardEndpoints.Map(app);
        app.Lifetime.ApplicationStarted.Register(() => _ = WarnWithoutKeysAsync(app));
        foreach (var warning in templates.LoadWarnings)
        {
            app.Logger.LogWarning("{Warning}", warning);
        }

        return app;
    }

    private static async Task WarnWithoutKeysAsync(WebApplication app)
    {
        if (await app.Services.GetRequiredService<ApiKeys>().CountAsync(CancellationToken.None) == 0)
        {
            app.Logger.LogWarning("No API key is configured: every /api call will be refused. Create one with `reportforge apikey create --name <who>`.");
        }
    }
}
