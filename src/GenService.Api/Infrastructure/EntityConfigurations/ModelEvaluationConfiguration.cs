using GenService.Api.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GenService.Api.Infrastructure.EntityConfigurations;

internal sealed class ModelEvaluationConfiguration : IEntityTypeConfiguration<ModelEvaluation>
{
    public void Configure(EntityTypeBuilder<ModelEvaluation> builder)
    {
        builder.ToTable("Evaluations");
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Trigger).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Figures).HasJsonConversion();
        builder.Property(e => e.JobId).HasMaxLength(64);
        builder.Property(e => e.LeaseOwner).HasMaxLength(200);
        builder.Property(e => e.Error).HasMaxLength(4000);
        builder.HasOne<GenerativeModel>().WithMany().HasForeignKey(e => e.ModelId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(e => e.FeatureNetwork).WithMany().HasForeignKey(e => e.FeatureNetworkId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne(e => e.SegmentationNetwork).WithMany().HasForeignKey(e => e.SegmentationNetworkId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(e => new { e.ModelId, e.Step });
        builder.HasIndex(e => e.Status);
        builder.HasOne<Account>().WithMany().HasForeignKey(e => e.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}
