using SmartCity.Silo.Hosting;

// `generate-city FILE [--seed N]` writes the demo city as an editable GeoJSON file, then exits.
if (args is ["generate-city", var outputPath, ..])
{
    return CityCommands.GenerateCity(outputPath, args[2..]);
}

var app = SmartCityHost.Build(args);
await app.RunAsync();
return 0;
