using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GenService.Api.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddDatasetKinds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // "Kind" meant where a dataset came from; it is now "Source", and "Kind" says what it holds.
            migrationBuilder.RenameColumn(
                name: "Kind",
                table: "Datasets",
                newName: "Source");

            // Every dataset stored before this migration is of kind Images.
            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "Datasets",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "Images");

            migrationBuilder.AddColumn<int>(
                name: "ChannelsB",
                table: "Datasets",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ChannelsB",
                table: "Datasets");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "Datasets");

            migrationBuilder.RenameColumn(
                name: "Source",
                table: "Datasets",
                newName: "Kind");
        }
    }
}
