using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GenService.Api.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddGenerationOperations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Every generation before this one sampled.
            migrationBuilder.AddColumn<long>(
                name: "FirstDatasetIndex",
                table: "Generations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Operation",
                table: "Generations",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "Sample");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "FirstDatasetIndex",
                table: "Generations");

            migrationBuilder.DropColumn(
                name: "Operation",
                table: "Generations");
        }
    }
}
