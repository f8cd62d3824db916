using Microsoft.Extensions.Options;
using Npgsql;
using SmartCity.Silo.Hosting;

// `generate-city FILE [--seed N]` writes the demo city as an editable GeoJSON file, then exits.
if (args is ["generate-city", var outputPath, ..])
{
    return CityCommands.GenerateCity(outputPath, args[2..]);
}

// `token --role ROLE --subject ID ...` prints a signed token or API key for this twin, then exits.
if (args is ["token", ..])
{
    return TokenCommand.Run(args[1..], Console.Out, Console.Error);
}

WebApplication app;
try
{
    app = SmartCityHost.Build(args);
}
catch (Exception error) when (error is OptionsValidationException or NpgsqlException or InvalidOperationException)
{
    // A wrong setting, an unreachable database or one without the schema: say what, not where in the code.
    Console.Error.WriteLine($"SmartCity cannot start: {error.Message}");
    return 2;
}
await app.RunAsync();
return 0;
