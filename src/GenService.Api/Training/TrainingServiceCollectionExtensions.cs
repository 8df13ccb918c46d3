namespace GenService.Api.Training;

public static class TrainingServiceCollectionExtensions
{
    public static IServiceCollection AddTrainingServices(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<TrainingRunService>();
        services.AddScoped<TrainingRunRecovery>();
        services.AddSingleton<TrainingRunRecorder>();
        services.AddTransient<TrainingJob>();
        return services;
    }
}
