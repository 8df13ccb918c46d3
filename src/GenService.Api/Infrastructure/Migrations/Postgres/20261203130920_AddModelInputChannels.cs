using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GenService.Api.Infrastructure.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddModelInputChannels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Every model before this one that translates derived its inputs from its hyperparameters.
            migrationBuilder.AddColumn<int>(
                name: "InputChannels",
                table: "Models",
                type: "integer",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "InputChannels",
                table: "Models");
        }
    }
}
