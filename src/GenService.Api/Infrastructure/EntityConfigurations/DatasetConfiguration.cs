using GenService.Api.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GenService.Api.Infrastructure.EntityConfigurations;

internal sealed class DatasetConfiguration : IEntityTypeConfiguration<Dataset>
{
    public void Configure(EntityTypeBuilder<Dataset> builder)
    {
        builder.ToTable("Datasets");
        builder.Property(d => d.Name).HasMaxLength(200);
        builder.Property(d => d.Source).HasMaxLength(32);
        builder.Property(d => d.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.StorageLocation).HasMaxLength(500);
        builder.Property(d => d.Checksum).HasMaxLength(64);
        builder.Property(d => d.Classes).HasJsonConversion();
        builder.HasIndex(d => d.CreatedAt);
        builder.HasOne<Account>().WithMany().HasForeignKey(d => d.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}
