using GenService.Api.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GenService.Api.Infrastructure.EntityConfigurations;

internal sealed class DatasetFeatureNetworkConfiguration : IEntityTypeConfiguration<DatasetFeatureNetwork>
{
    public void Configure(EntityTypeBuilder<DatasetFeatureNetwork> builder)
    {
        builder.ToTable("FeatureNetworks");
        builder.Property(f => f.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(f => f.Purpose).HasConversion<string>().HasMaxLength(16);
        builder.Property(f => f.Task).HasMaxLength(16);
        builder.Property(f => f.StorageLocation).HasMaxLength(500);
        builder.Property(f => f.JobId).HasMaxLength(64);
        builder.Property(f => f.LeaseOwner).HasMaxLength(200);
        builder.Property(f => f.Error).HasMaxLength(4000);
        builder.HasOne<Dataset>().WithMany().HasForeignKey(f => f.DatasetId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(f => new { f.DatasetId, f.Purpose, f.Version }).IsUnique();
        builder.HasOne<Account>().WithMany().HasForeignKey(f => f.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}
