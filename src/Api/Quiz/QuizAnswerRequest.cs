namespace SmartCity.Api.Quiz;

/// <summary>
/// A citizen's answer to today's question, for the API description of POST /api/quiz/today/answers;
/// the endpoint reads the JSON itself (<see cref="QuizAnswerReader"/>) so that every bad field is named.
/// </summary>
/// <param name="Choice">The index of the chosen option, from 0.</param>
public sealed record QuizAnswerRequest(string CitizenId, string DistrictId, int Choice);
