using SmartCity.Grains.Quiz;

namespace SmartCity.Silo.Hosting;

/// <summary>Loads the daily quiz named by configuration (Quiz:Path), or the one shipped beside the binaries.</summary>
public static class QuizLoader
{
    /// <summary>The shipped quiz, relative to the folder of the binaries (copied there from src/Silo/config).</summary>
    public const string DefaultPath = "config/quiz.json";

    /// <summary>
    /// A configured path is taken as given (a relative one from the working folder, like City:Path);
    /// without one, the shipped file. A file with errors stops the start, listing each error.
    /// </summary>
    public static QuizBook Load(IConfiguration config)
    {
        string? configured = config["Quiz:Path"];
        string path = string.IsNullOrWhiteSpace(configured) ? Path.Combine(AppContext.BaseDirectory, DefaultPath) : configured;
        return QuizBook.ReadFile(path);
    }
}
