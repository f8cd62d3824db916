using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SmartCity.Api.Security;

public static class SecurityServices
{
    public static IServiceCollection AddSmartCitySecurity(this IServiceCollection services)
    {
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.Section);
        services.AddSingleton(sp => new TokenIssuer(
            SigningKey.Load(sp.GetRequiredService<IOptions<SecurityOptions>>().Value),
            sp.GetRequiredService<IOptions<SecurityOptions>>().Value, TimeProvider.System));
        services.AddAuthentication(CredentialsHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, CredentialsHandler>(CredentialsHandler.SchemeName, null);
        services.AddAuthorization();
        return services;
    }
}
