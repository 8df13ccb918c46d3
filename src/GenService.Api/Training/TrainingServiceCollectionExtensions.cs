namespace GenService.Api.Training;

public static class TrainingServiceCollectionExtensions
{
    public static IServiceCollection AddTrainingServices(this IServiceCollection services)
    {
        services.AddScoped<TrainingRunService>();
        services.AddScoped<TrainingRunRecovery>();
        services.AddSingleton<TrainingRunRecorder>();
        services.AddTransient<TrainingJob>();
        return services;
    }
}
