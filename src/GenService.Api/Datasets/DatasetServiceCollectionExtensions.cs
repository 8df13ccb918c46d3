namespace GenService.Api.Datasets;

public static class DatasetServiceCollectionExtensions
{
    public static IServiceCollection AddDatasetServices(this IServiceCollection services)
    {
        services.AddOptions<DatasetOptions>().BindConfiguration(DatasetOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<DatasetLoader>();
        services.AddSingleton<DatasetArchiveImporter>();
        services.AddSingleton<PhotoArchiveImporter>();
        services.AddSingleton<PairArchiveImporter>();
        services.AddSingleton<LabelMapArchiveImporter>();
        services.AddSingleton<CaptionArchiveImporter>();
        services.AddSingleton<TrajectoryArchiveImporter>();
        services.AddScoped<DatasetService>();
        return services;
    }
}
