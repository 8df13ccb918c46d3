using GenService.Api.Jobs;

namespace GenService.Api.Training;

public static class TrainingServiceCollectionExtensions
{
    public static IServiceCollection AddTrainingServices(this IServiceCollection services)
    {
        services.AddScoped<TrainingRunService>();
        services.AddScoped<IRecoverableJobs, TrainingRunRecovery>();
        services.AddSingleton<TrainingRunRecorder>();
        services.AddTransient<TrainingJob>();
        return services;
    }
}
