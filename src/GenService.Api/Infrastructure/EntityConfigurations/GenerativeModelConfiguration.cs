using GenService.Api.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GenService.Api.Infrastructure.EntityConfigurations;

internal sealed class GenerativeModelConfiguration : IEntityTypeConfiguration<GenerativeModel>
{
    public void Configure(EntityTypeBuilder<GenerativeModel> builder)
    {
        builder.ToTable("Models");
        builder.Property(m => m.Name).HasMaxLength(200);
        builder.Property(m => m.Architecture).HasMaxLength(64);
        builder.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.CheckpointLocation).HasMaxLength(500);
        builder.Property(m => m.Hyperparameters).HasJsonConversion();
        builder.Property(m => m.Metrics).HasJsonConversion();
        // Per account: two accounts may each have a model of the same name, each counting its own versions.
        builder.HasIndex(m => new { m.AccountId, m.Name, m.Version }).IsUnique();
        builder.HasOne(m => m.Dataset).WithMany().HasForeignKey(m => m.DatasetId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Account>().WithMany().HasForeignKey(m => m.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}
