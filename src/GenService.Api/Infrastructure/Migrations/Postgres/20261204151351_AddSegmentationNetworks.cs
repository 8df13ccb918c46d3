using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GenService.Api.Infrastructure.Migrations.Postgres
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
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                // The networks before this migration are all feature networks.
                defaultValue: "Features");

            migrationBuilder.AddColumn<Guid>(
                name: "SegmentationNetworkId",
                table: "Evaluations",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_FeatureNetworks_DatasetId_Purpose_Version",
                table: "FeatureNetworks",
                columns: new[] { "DatasetId", "Purpose", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Evaluations_SegmentationNetworkId",
                table: "Evaluations",
                column: "SegmentationNetworkId");

            migrationBuilder.AddForeignKey(
                name: "FK_Evaluations_FeatureNetworks_SegmentationNetworkId",
                table: "Evaluations",
                column: "SegmentationNetworkId",
                principalTable: "FeatureNetworks",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
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
