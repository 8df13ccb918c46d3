using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GenService.Api.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddSegmentationNetworks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_FeatureNetworks_DatasetId_Version",
                table: "FeatureNetworks");

            migrationBuilder.AddColumn<string>(
                name: "Purpose",
                table: "FeatureNetworks",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                // The networks before this migration are all feature networks.
                defaultValue: "Features");

            // The column and its foreign key in one ALTER TABLE, which SQLite allows for a nullable column: a separate
            // AddForeignKey would make EF rebuild the Evaluations table outside the migration's transaction (and warn of it
            // at every first start).
            migrationBuilder.Sql(
                "ALTER TABLE \"Evaluations\" ADD COLUMN \"SegmentationNetworkId\" TEXT NULL "
                + "CONSTRAINT \"FK_Evaluations_FeatureNetworks_SegmentationNetworkId\" REFERENCES \"FeatureNetworks\" (\"Id\") ON DELETE SET NULL;");

            migrationBuilder.CreateIndex(
                name: "IX_FeatureNetworks_DatasetId_Purpose_Version",
                table: "FeatureNetworks",
                columns: new[] { "DatasetId", "Purpose", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Evaluations_SegmentationNetworkId",
                table: "Evaluations",
                column: "SegmentationNetworkId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Evaluations_FeatureNetworks_SegmentationNetworkId",
                table: "Evaluations");

            // Without the purpose, segmentation networks would pass for feature networks and share their versions.
            migrationBuilder.Sql("DELETE FROM \"FeatureNetworks\" WHERE \"Purpose\" = 'Segmentation'");

            migrationBuilder.DropIndex(
                name: "IX_FeatureNetworks_DatasetId_Purpose_Version",
                table: "FeatureNetworks");

            migrationBuilder.DropIndex(
                name: "IX_Evaluations_SegmentationNetworkId",
                table: "Evaluations");

            migrationBuilder.DropColumn(
                name: "Purpose",
                table: "FeatureNetworks");

            migrationBuilder.DropColumn(
                name: "SegmentationNetworkId",
                table: "Evaluations");

            migrationBuilder.CreateIndex(
                name: "IX_FeatureNetworks_DatasetId_Version",
                table: "FeatureNetworks",
                columns: new[] { "DatasetId", "Version" },
                unique: true);
        }
    }
}
