using System.ComponentModel.DataAnnotations;

namespace ReportForge.Scheduler.Service;

/// <summary>The service's settings: section "ReportForge" of appsettings.json and REPORTFORGE__* environment variables.</summary>
public sealed class ServiceOptions
{
    public const string Section = "ReportForge";

    /// <summary>Folder of reportforge.db, quartz.db and the archived PDFs.</summary>
    [Required]
    public string DataDirectory { get; set; } = "reportforge-data";

    /// <summary>Where recipients reach this service: download and unsubscribe links start with it.</summary>
    [Required]
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:5080";

    /// <summary>The brand name printed on briefs when <see cref="Brand"/> is not configured.</summary>
    public string BrandName { get; set; } = "ReportForge";

    /// <summary>The brand of every brief: name, author, colours, typefaces, logo file (section ReportForge:Brand).</summary>
    public ReportForge.Reporting.Templates.BrandOptions? Brand { get; set; }

    /// <summary>How briefs are printed: paper, pages at once, time limits, which Chromium (section ReportForge:Pdf).</summary>
    public ReportForge.Reporting.Rendering.PdfOptions Pdf { get; set; } = new();

    /// <summary>The configured brand, or one of <see cref="BrandName"/> with the default look.</summary>
    public ReportForge.Reporting.Templates.BrandOptions EffectiveBrand => Brand ?? new ReportForge.Reporting.Templates.BrandOptions(BrandName);

    /// <summary>The database engine: SQLite in the data folder (default) or PostgreSQL shared by several nodes.</summary>
    public ReportForge.Data.Storage.StorageOptions Storage { get; set; } = new();

    /// <summary>Folder of the archived PDFs; empty means "briefs" in the data folder. Nodes of a cluster point it at one shared folder.</summary>
    public string BriefsDirectory { get; set; } = "";

    public SchedulerOptions Scheduler { get; set; } = new();

    public ClusterOptions Cluster { get; set; } = new();

    /// <summary>Schedules defined in configuration; written to the database at start-up (their pause state is kept).</summary>
    public List<ScheduleConfig> Schedules { get; set; } = [];

    public CompletenessOptions Completeness { get; set; } = new();

    public BriefQueueOptions Briefs { get; set; } = new();

    public FlashOptions Flash { get; set; } = new();

    public IngestOptions Ingest { get; set; } = new();

    public DeliveryOptions Delivery { get; set; } = new();

    public ApiOptions Api { get; set; } = new();

    public OwnerOptions Owner { get; set; } = new();
}

/// <summary>How Quartz runs schedules.</summary>
public sealed class SchedulerOptions
{
    /// <summary>How late a firing may be before it counts as missed (and is then run once, not once per miss).</summary>
    public TimeSpan MisfireThreshold { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Jobs Quartz may run at once (each schedule still runs one at a time).</summary>
    [Range(1, 16)]
    public int Threads { get; set; } = 2;

    /// <summary>With PostgreSQL storage: how often a node tells the cluster it is alive; a node silent for longer has its jobs recovered.</summary>
    public TimeSpan ClusterCheckinInterval { get; set; } = TimeSpan.FromSeconds(7.5);

    /// <summary>How long Quartz sleeps when nothing is due; in a cluster, how soon another node notices a brief queued elsewhere.</summary>
    public TimeSpan IdleWaitTime { get; set; } = TimeSpan.FromSeconds(2);

    public RetryOptions Retry { get; set; } = new();
}

/// <summary>How nodes sharing one database keep track of each other.</summary>
public sealed class ClusterOptions
{
    /// <summary>How often a node says it is alive (and looks for nodes that stopped saying so).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A node silent this long is taken for dead: its deliveries and schedule runs are handed to the others.</summary>
    public TimeSpan NodeTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the collectors' lease lasts unless renewed: a dead holder's collectors restart on another node within it.</summary>
    public TimeSpan CollectorLeaseTime { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Exponential back-off with a cap and a limited number of attempts.</summary>
public sealed class RetryOptions
{
    /// <summary>Retries after the first failure.</summary>
    [Range(1, 50)]
    public int Attempts { get; set; } = 6;

    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromMinutes(2);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(30);
}

/// <summary>A schedule as written in configuration.</summary>
public sealed class ScheduleConfig
{
    [Required]
    public string Id { get; set; } = "";

    /// <summary>"brief" or "ingest".</summary>
    [Required]
    public string Kind { get; set; } = "brief";

    /// <summary>Quartz cron expression with seconds, e.g. "0 0 8 * * ?" for 08:00 every day.</summary>
    [Required]
    public string Cron { get; set; } = "";

    /// <summary>IANA time zone the cron expression is read in.</summary>
    [Required]
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Ingest schedules: the source to ingest.</summary>
    public string? Source { get; set; }

    public string TemplateSet { get; set; } = "default";

    /// <summary>Brief schedules: the local day this many days before the firing day (1 = yesterday).</summary>
    [Range(0, 31)]
    public int WindowDaysBack { get; set; } = 1;
}

/// <summary>Which sources must have data up to a window's end before a scheduled brief is written.</summary>
public sealed class CompletenessOptions
{
    /// <summary>Source names; empty means every source that stored data in the day before the window's end.</summary>
    public List<string> Sources { get; set; } = [];
}

/// <summary>The on-demand brief queue.</summary>
public sealed class BriefQueueOptions
{
    /// <summary>Briefs waiting or running at once; one more is answered 429.</summary>
    [Range(1, 10_000)]
    public int QueueCapacity { get; set; } = 32;

    /// <summary>Queued briefs this node writes at once: Quartz threads beside Scheduler:Threads.</summary>
    [Range(1, 8)]
    public int Workers { get; set; } = 2;

    /// <summary>
    /// How long a stopping service waits for running briefs to finish (the host allows the whole shutdown this plus 15 s);
    /// a brief still running then ends with the process and runs again after the next start, its firing being recoverable.
    /// </summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Named template sets: name → folder whose files override the built-in ones.</summary>
    public Dictionary<string, string> TemplateSets { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>Flash briefs: a brief when the trailing 24 h liquidation total crosses a threshold.</summary>
public sealed class FlashOptions
{
    public bool Enabled { get; set; }

    [Range(1, double.MaxValue)]
    public double ThresholdUsd { get; set; } = 1_000_000_000;

    /// <summary>After a flash brief, crossings within this time fire nothing.</summary>
    public TimeSpan Cooldown { get; set; } = TimeSpan.FromHours(6);

    /// <summary>The total must fall below ThresholdUsd × this before a new crossing can fire (no flapping).</summary>
    [Range(0.0, 1.0)]
    public double RearmFraction { get; set; } = 0.9;

    public string TimeZone { get; set; } = "UTC";

    public string TemplateSet { get; set; } = "default";

    /// <summary>Data whose latest bucket is older than this fires nothing (an import of old history is not news).</summary>
    public TimeSpan MaxDataAge { get; set; } = TimeSpan.FromHours(6);
}

/// <summary>Sources ingested by schedules.</summary>
public sealed class IngestOptions
{
    /// <summary>Drop folders in the import format: source name → folder, imported on each ingest of that source.</summary>
    public Dictionary<string, string> Folders { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>Email, webhook and folder delivery.</summary>
public sealed class DeliveryOptions
{
    /// <summary>Attempts before a delivery is given up and the owner told.</summary>
    [Range(1, 50)]
    public int MaxAttempts { get; set; } = 6;

    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often the worker looks for due deliveries when nothing wakes it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    public SmtpOptions Smtp { get; set; } = new();

    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Folder of an email body template (email-body.hbs) overriding the built-in one.</summary>
    public string? EmailTemplatePath { get; set; }
}

/// <summary>The SMTP relay briefs are mailed through.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    /// <summary>Upgrade the connection with STARTTLS before authenticating (refuse to send when the server does not offer it).</summary>
    public bool StartTls { get; set; } = true;

    public string? Username { get; set; }

    public string? Password { get; set; }

    public string From { get; set; } = "reportforge@localhost";

    /// <summary>A PEM certificate trusted in addition to the system's CAs (a relay with a private certificate).</summary>
    public string? TrustedCertificatePath { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>The web API.</summary>
public sealed class ApiOptions
{
    /// <summary>Keys accepted in X-Api-Key: each with a Name and either Sha256 (hex of the key's hash) or Key (hashed at start-up).</summary>
    public List<ApiKeyConfig> Keys { get; set; } = [];

    [Range(1024, 10 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 64 * 1024;
}

/// <summary>One configured API key.</summary>
public sealed class ApiKeyConfig
{
    public string Name { get; set; } = "";

    public string? Sha256 { get; set; }

    public string? Key { get; set; }
}

/// <summary>Who is told when retries run out.</summary>
public sealed class OwnerOptions
{
    public string? Email { get; set; }

    public string? WebhookUrl { get; set; }
}
