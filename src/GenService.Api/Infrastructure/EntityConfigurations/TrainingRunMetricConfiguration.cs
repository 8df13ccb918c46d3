using GenService.Api.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GenService.Api.Infrastructure.EntityConfigurations;

internal sealed class TrainingRunMetricConfiguration : IEntityTypeConfiguration<TrainingRunMetric>
{
    public void Configure(EntityTypeBuilder<TrainingRunMetric> builder)
    {
        builder.ToTable("TrainingRunMetrics");
        builder.Property(m => m.Split).HasMaxLength(16);
        builder.Property(m => m.Values).HasJsonConversion();
        builder.HasIndex(m => new { m.TrainingRunId, m.Step });
    }
}
