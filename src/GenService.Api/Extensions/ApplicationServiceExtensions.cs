using GenService.Api.Accounts;
using GenService.Api.Auth;
using GenService.Api.Datasets;
using GenService.Api.Evaluation;
using GenService.Api.Generations;
using GenService.Api.Infrastructure;
using GenService.Api.Jobs;
using GenService.Api.Models;
using GenService.Api.Nodes;
using GenService.Api.Observability;
using GenService.Api.OpenApi;
using GenService.Api.Quotas;
using GenService.Api.Training;
using GenService.ML.Families;
using GenService.ML.Families.Dcgan;
using GenService.ML.Families.CycleGan;
using GenService.ML.Families.Pix2Pix;
using GenService.ML.Families.Progan;
using GenService.ML.Families.SocialGan;
using GenService.ML.Families.Spade;
using GenService.ML.Families.StyleGan;
using GenService.ML.Families.SuperResolution;
using GenService.ML.Families.TextGan;
using GenService.ML.Families.Vae;
using GenService.ML.Runtime;
using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;

namespace GenService.Api.Extensions;

public static class ApplicationServiceExtensions
{
    /// <summary>Registers everything the service needs, choosing PostgreSQL or the embedded defaults from configuration.</summary>
    public static void AddApplicationServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;

        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<TorchRuntimeOptions>().BindConfiguration(TorchRuntimeOptions.SectionName);
        services.AddOptions<TrainingOptions>().BindConfiguration(TrainingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        var storage = configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        var database = DatabaseOptions.FromConfiguration(configuration, storage);
        services.AddSingleton(database);
        // Pooled: every generation request's services take a context, and building a fresh one's options was
        // a visible part of a request's CPU under load, even when the model's row came from ReadyModelCache.
        // Handed out with the request's caller, whose account the context's queries are filtered by.
        services.AddHttpContextAccessor();
        services.AddSingleton<Caller>();
        if (database.Provider == DatabaseProvider.Postgres)
        {
            services.AddPooledDbContextFactory<PostgresGenServiceDbContext>(options => options.UseNpgsql(database.ConnectionString));
            services.AddScoped<GenServiceDbContext>(provider => WithCaller(provider, provider.GetRequiredService<IDbContextFactory<PostgresGenServiceDbContext>>().CreateDbContext()));
        }
        else
        {
            Directory.CreateDirectory(storage.RootPath);
            services.AddPooledDbContextFactory<SqliteGenServiceDbContext>(options => options.UseSqlite(database.ConnectionString));
            services.AddScoped<GenServiceDbContext>(provider => WithCaller(provider, provider.GetRequiredService<IDbContextFactory<SqliteGenServiceDbContext>>().CreateDbContext()));
        }

        var node = NodeOptions.FromConfiguration(configuration);
        services.AddSingleton(node);
        services.AddOptions<JobQueueOptions>().BindConfiguration(JobQueueOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        AddJobs(services, configuration, database, node);
        services.AddScoped<JobRecovery>();
        services.AddSingleton<RecordLeases>();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IModelFamily, VaeFamily>();
        services.AddSingleton<IModelFamily, DcganFamily>();
        services.AddSingleton<IModelFamily, ProganFamily>();
        services.AddSingleton<IModelFamily, StyleGanFamily>();
        services.AddSingleton<IModelFamily, Pix2PixFamily>();
        services.AddSingleton<IModelFamily, CycleGanFamily>();
        services.AddSingleton<IModelFamily, SrResNetFamily>();
        services.AddSingleton<IModelFamily, SrganFamily>();
        services.AddSingleton<IModelFamily, SpadeFamily>();
        services.AddSingleton<IModelFamily, TextGanFamily>();
        services.AddSingleton<IModelFamily, SocialGanFamily>();
        services.AddSingleton<ModelFamilyCatalog>();
        services.AddDatasetServices();
        services.AddTrainingServices();
        services.AddModelServices();
        services.AddEvaluationServices();
        services.AddGenerationServices();

        services.Configure<FormOptions>(options => options.MultipartBodyLengthLimit = storage.MaxUploadBytes);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = storage.MaxUploadBytes);
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddObservability();
        services.AddApiKeys();
        services.AddQuotas();
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);

        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new EnumNameConverter()));
        services.AddApiDocument();
    }

    private static GenServiceDbContext WithCaller(IServiceProvider provider, GenServiceDbContext db)
    {
        db.Caller = provider.GetRequiredService<Caller>();
        return db;
    }

    private static void AddJobs(IServiceCollection services, IConfiguration configuration, DatabaseOptions database, NodeOptions node)
    {
        var queues = configuration.GetSection(JobQueueOptions.SectionName).Get<JobQueueOptions>() ?? new JobQueueOptions();
        services.AddHangfire(hangfire =>
        {
            hangfire.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            if (database.Provider == DatabaseProvider.Postgres)
            {
                hangfire.UsePostgreSqlStorage(
                    options => options.UseNpgsqlConnection(database.ConnectionString),
                    new PostgreSqlStorageOptions
                    {
                        SchemaName = "hangfire",
                        // A live worker keeps extending its job's invisibility, so a run longer than the
                        // timeout is never fetched twice; a dead worker's job comes back after the timeout.
                        UseSlidingInvisibilityTimeout = true,
                        InvisibilityTimeout = queues.InvisibilityTimeout,
                        QueuePollInterval = queues.QueuePollInterval,
                        PrepareSchemaIfNecessary = true,
                    });
            }
            else
            {
                hangfire.UseInMemoryStorage();
            }
        });
        // One server per queue, so generations never wait behind hour-long training runs, and only for this
        // node's roles. Each is named after the node: at start-up, a job still Processing on this node's servers
        // was left by a dead process (JobRecovery).
        if (node.Has(NodeRole.Training))
            AddJobServer(services, node, TrainingJob.Queue, configuration.GetValue("Training:WorkerCount", 1));
        if (node.Has(NodeRole.Inference))
            AddJobServer(services, node, GenerationJob.Queue, configuration.GetValue("Generations:WorkerCount", 2));
        // Evaluations have their own workers, so they neither wait behind long training runs nor delay them.
        if (node.Has(NodeRole.Evaluation))
            AddJobServer(services, node, EvaluationJob.Queue, configuration.GetValue("Evaluation:WorkerCount", 1));
    }

    private static void AddJobServer(IServiceCollection services, NodeOptions node, string queue, int workerCount) =>
        services.AddHangfireServer(options =>
        {
            options.ServerName = $"{JobRecovery.ServerNamePrefix(node)}{queue}";
            options.Queues = [queue];
            options.WorkerCount = workerCount;
        });

    /// <summary>Loads libtorch, applies migrations, gives every interrupted job a new one and (on an inference node)
    /// makes the pending webhook calls, before the first request and before the job servers start.</summary>
    public static async Task PrepareApplicationAsync(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("GenService.Startup");
        TorchRuntime.Initialize(app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<TorchRuntimeOptions>>().Value, logger);
        // Now rather than at the first request: on first start this writes the admin key's file and logs where.
        var adminKey = app.Services.GetRequiredService<AdminKey>();

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GenServiceDbContext>();
            await db.Database.MigrateAsync();
            if (await scope.ServiceProvider.GetRequiredService<ApiKeyService>().RecordAdminKeyAsync(CancellationToken.None) is { } revokedAt)
            {
                logger.LogWarning("The admin key of {AdminKeySource} was revoked at {RevokedAt:O} and is refused: use another key with the admin scope, "
                    + "or get a new admin key by setting another Auth:AdminKey, or deleting {AdminKeyFile} when the key comes from it, and restarting",
                    adminKey.Source, revokedAt, app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageOptions>>().Value.Resolve(StorageLayout.AdminKey));
            }
            await scope.ServiceProvider.GetRequiredService<JobRecovery>().ResumeAsync(CancellationToken.None);
            // Webhooks are sent by the nodes that run generations; another node's start would only repeat calls a
            // live inference node may be making.
            if (app.Services.GetRequiredService<NodeOptions>().Has(NodeRole.Inference))
                await scope.ServiceProvider.GetRequiredService<WebhookSender>().ResumePendingAsync(db, CancellationToken.None);
        }

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var node = app.Services.GetRequiredService<NodeOptions>();
            logger.LogInformation("Node {NodeName} has the roles {NodeRoles} (Node:Roles)", node.Name, node.ToString());
            var addresses = app.Urls.Count > 0 ? app.Urls : ["http://localhost:5000"];
            foreach (var address in addresses)
                logger.LogInformation("Swagger UI: {Address}/swagger", address.TrimEnd('/'));
        });
    }

    public static void UseApplicationPipeline(this WebApplication app)
    {
        app.UseRequestIds();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRouting();
        app.UseNodeRoles();
        app.UseRequestMetrics();
        // Before the admission gate: a request without a good key never takes a place in the queue.
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseGenerationRateLimit();
        app.UseEnumQueryValues();
        app.UseAdmissionGate();
        app.UseSwagger(options => options.RouteTemplate = "swagger/{documentName}/swagger.{extension:regex(^(json|ya?ml)$)}");
        app.UseSwaggerUI(options => options.DocumentTitle = "GenService API");
        var dashboard = app.Configuration.GetSection("Dashboard");
        app.UseHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new DashboardAuthorizationFilter(dashboard["Username"], dashboard["Password"])],
            DisplayStorageConnectionString = false,
        });
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        app.MapMetricsEndpoint();
    }
}
