using GenService.Api.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GenService.Api.Infrastructure.EntityConfigurations;

internal sealed class TrainingRunConfiguration : IEntityTypeConfiguration<TrainingRun>
{
    public void Configure(EntityTypeBuilder<TrainingRun> builder)
    {
        builder.ToTable("TrainingRuns");
        builder.Property(r => r.Architecture).HasMaxLength(64);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.JobId).HasMaxLength(64);
        builder.Property(r => r.LeaseOwner).HasMaxLength(200);
        builder.Property(r => r.Error).HasMaxLength(4000);
        builder.HasOne(r => r.Model).WithMany().HasForeignKey(r => r.ModelId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Dataset>().WithMany().HasForeignKey(r => r.DatasetId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(r => r.Metrics).WithOne().HasForeignKey(m => m.TrainingRunId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => r.Status);
        builder.HasIndex(r => r.CreatedAt);
        builder.HasOne<Account>().WithMany().HasForeignKey(r => r.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}
