using System.Text.RegularExpressions;
using Orleans.Hosting.Kubernetes;

namespace SmartCity.Silo.Tests.Deploy;

/// <summary>
/// deploy/kubernetes checked without a cluster: what `kubectl apply -k` would send is well formed, fits
/// together (names, labels, ports, service account) and asks the silo only for what it serves and reads.
/// </summary>
public sealed partial class KubernetesManifestTests
{
    // The API group and version each kind is served at today; an unknown kind or an old version fails.
    private static readonly Dictionary<string, string> ApiVersions = new()
    {
        ["ConfigMap"] = "v1",
        ["Secret"] = "v1",
        ["Service"] = "v1",
        ["ServiceAccount"] = "v1",
        ["Deployment"] = "apps/v1",
        ["StatefulSet"] = "apps/v1",
        ["Job"] = "batch/v1",
        ["Role"] = "rbac.authorization.k8s.io/v1",
        ["RoleBinding"] = "rbac.authorization.k8s.io/v1",
        ["PodDisruptionBudget"] = "policy/v1",
    };

    private static Yaml Deployment => DeployFiles.KubernetesObject("Deployment");
    private static Yaml PodTemplate => Deployment["spec"]["template"];
    private static Yaml Silo => Assert.Single(PodTemplate["spec"]["containers"].Items);
    private static Yaml ConfigMapData => DeployFiles.KubernetesObject("ConfigMap")["data"];

    [Fact]
    public void Every_manifest_is_a_known_kind_at_its_api_version_with_a_name_and_no_namespace()
    {
        var objects = DeployFiles.KubernetesObjects();
        Assert.NotEmpty(objects);
        foreach (var (file, manifest) in objects)
        {
            string kind = manifest["kind"].Text ?? "";
            Assert.True(ApiVersions.TryGetValue(kind, out var apiVersion), $"{file}: unknown kind '{kind}'.");
            Assert.True(apiVersion == manifest["apiVersion"].Text, $"{file}: {kind} is served at apiVersion {apiVersion}, not '{manifest["apiVersion"].Text}'.");
            Assert.Matches(DnsLabel(), manifest["metadata"]["name"].Text ?? "");
            // Namespace-agnostic: `kubectl apply -k -n X` (or a kustomize namespace:) decides.
            Assert.False(manifest["metadata"]["namespace"].Exists, $"{file}: {kind} names a namespace.");
        }
    }

    [Fact]
    public void Kustomization_lists_every_manifest_that_exists_except_the_secret_template()
    {
        var kustomization = Yaml.Load(DeployFiles.PathOf("kubernetes/kustomization.yaml"));
        Assert.Equal("kustomize.config.k8s.io/v1beta1", kustomization["apiVersion"].Text);
        Assert.Equal("Kustomization", kustomization["kind"].Text);

        var listed = kustomization["resources"].Texts.ToList();
        foreach (var resource in listed)
        {
            Assert.True(File.Exists(DeployFiles.PathOf($"kubernetes/{resource}")), $"kustomization.yaml lists {resource}, which does not exist.");
        }
        var manifests = DeployFiles.KubernetesObjects(withSecretTemplate: false).Select(entry => entry.File).Distinct();
        Assert.Equal(manifests.Order(), listed.Order());
        Assert.DoesNotContain(DeployFiles.SecretTemplate, listed);
        Assert.Contains(kustomization["images"].Items, image => image["name"].Text == Silo["image"].Text);
    }

    [Fact]
    public void Deployment_Service_and_PodDisruptionBudget_select_the_silo_pods()
    {
        var podLabels = PodTemplate["metadata"]["labels"];
        AssertSelects(Deployment["spec"]["selector"]["matchLabels"], podLabels, "Deployment");
        AssertSelects(DeployFiles.KubernetesObject("Service")["spec"]["selector"], podLabels, "Service");
        AssertSelects(DeployFiles.KubernetesObject("PodDisruptionBudget")["spec"]["selector"]["matchLabels"], podLabels, "PodDisruptionBudget");
    }

    [Fact]
    public void Service_forwards_to_the_http_port_the_silo_listens_on()
    {
        var ports = Silo["ports"].Items.ToList();
        var http = Assert.Single(DeployFiles.KubernetesObject("Service")["spec"]["ports"].Items);
        var target = Assert.Single(ports, port => port["name"].Text == http["targetPort"].Text || port["containerPort"].Text == http["targetPort"].Text);
        Assert.Equal(SiloContract.HttpPortOf(ConfigMapData["Urls"].Text!), target["containerPort"].Number);
        Assert.Equal(ConfigMapData["Orleans__SiloPort"].Text, ContainerPort("silo"));
        Assert.Equal(ConfigMapData["Orleans__GatewayPort"].Text, ContainerPort("gateway"));

        string? ContainerPort(string name) => Assert.Single(ports, port => port["name"].Text == name)["containerPort"].Text;
    }

    [Theory]
    [InlineData("readinessProbe", "/health/ready")]
    [InlineData("livenessProbe", "/health/live")]
    [InlineData("startupProbe", "/health/live")]
    public void Probes_ask_a_health_endpoint_the_silo_serves_on_its_http_port(string probe, string expectedPath)
    {
        var httpGet = Silo[probe]["httpGet"];
        Assert.Equal(expectedPath, httpGet["path"].Text);
        Assert.Contains(expectedPath, SiloContract.ServedPaths);
        var port = Assert.Single(Silo["ports"].Items, port => port["name"].Text == httpGet["port"].Text || port["containerPort"].Text == httpGet["port"].Text);
        Assert.Equal(SiloContract.HttpPortOf(ConfigMapData["Urls"].Text!), port["containerPort"].Number);
    }

    [Fact]
    public void Every_environment_variable_names_a_setting_the_silo_or_its_Kubernetes_hosting_reads()
    {
        var names = ConfigMapData.Keys.Concat(Silo["env"].Items.Select(variable => variable["name"].Text ?? "")).ToList();
        Assert.NotEmpty(names);
        var unknown = names.Where(name => SiloContract.KeyOf(name) is null && !SiloContract.KubernetesHostingVariables.Contains(name));
        Assert.True(!unknown.Any(), $"Settings the silo does not read: {string.Join(", ", unknown)}.");
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());

        var notStrings = ConfigMapData.Entries.Where(entry => entry.Value.IsPlainNonString || entry.Value.Text is null).Select(entry => entry.Key);
        Assert.True(!notStrings.Any(), $"ConfigMap values must be strings: quote {string.Join(", ", notStrings)}.");
        Assert.Equal("PostgreSql", ConfigMapData["Storage__Provider"].Text);
        Assert.Equal("true", ConfigMapData["Orleans__Kubernetes"].Text);
    }

    [Fact]
    public void Kubernetes_hosting_gets_the_pod_and_cluster_identity_from_the_downward_API()
    {
        Assert.Equal("metadata.name", FieldOf(KubernetesHostingOptions.PodNameEnvironmentVariable));
        Assert.Equal("metadata.namespace", FieldOf(KubernetesHostingOptions.PodNamespaceEnvironmentVariable));
        Assert.Equal("status.podIP", FieldOf(KubernetesHostingOptions.PodIPEnvironmentVariable));
        Assert.Equal("status.podIP", FieldOf("Orleans__AdvertisedAddress"));
        Assert.Equal($"metadata.labels['{KubernetesHostingOptions.ServiceIdLabel}']", FieldOf(KubernetesHostingOptions.ServiceIdEnvironmentVariable));
        Assert.Equal($"metadata.labels['{KubernetesHostingOptions.ClusterIdLabel}']", FieldOf(KubernetesHostingOptions.ClusterIdEnvironmentVariable));

        // The hosting selects the cluster's pods by these labels: they must hold the silo's own ids.
        var labels = PodTemplate["metadata"]["labels"];
        Assert.Equal(ConfigMapData["Orleans__ServiceId"].Text, labels[KubernetesHostingOptions.ServiceIdLabel].Text);
        Assert.Equal(ConfigMapData["Orleans__ClusterId"].Text, labels[KubernetesHostingOptions.ClusterIdLabel].Text);

        static string? FieldOf(string name) =>
            Assert.Single(Silo["env"].Items, variable => variable["name"].Text == name)["valueFrom"]["fieldRef"]["fieldPath"].Text;
    }

    [Fact]
    public void Silos_may_get_list_watch_and_patch_pods_through_their_service_account()
    {
        string? account = PodTemplate["spec"]["serviceAccountName"].Text;
        Assert.Equal(account, DeployFiles.KubernetesObject("ServiceAccount")["metadata"]["name"].Text);

        var binding = DeployFiles.KubernetesObject("RoleBinding");
        var role = DeployFiles.KubernetesObject("Role");
        Assert.Equal("Role", binding["roleRef"]["kind"].Text);
        Assert.Equal(role["metadata"]["name"].Text, binding["roleRef"]["name"].Text);
        Assert.Contains(binding["subjects"].Items, subject => subject["kind"].Text == "ServiceAccount" && subject["name"].Text == account);

        // What KubernetesClusterAgent calls: read its own pod, patch its labels, list and watch the cluster's pods.
        var podRules = role["rules"].Items.Where(rule => rule["apiGroups"].Texts.Contains("") && rule["resources"].Texts.Contains("pods"));
        var verbs = podRules.SelectMany(rule => rule["verbs"].Texts).ToHashSet();
        Assert.Superset(new HashSet<string> { "get", "list", "watch", "patch" }, verbs);
    }

    [Fact]
    public void Connection_string_and_settings_come_from_objects_that_exist()
    {
        var secretRef = Assert.Single(Silo["env"].Items, variable => variable["name"].Text == "ConnectionStrings__PostgreSql")["valueFrom"]["secretKeyRef"];
        var secret = Assert.Single(Yaml.LoadAll(DeployFiles.PathOf($"kubernetes/{DeployFiles.SecretTemplate}")));
        Assert.Equal("Secret", secret["kind"].Text);
        Assert.Equal(secret["metadata"]["name"].Text, secretRef["name"].Text);
        Assert.True(secret["stringData"][secretRef["key"].Text!].Exists, $"The secret template has no key {secretRef["key"].Text}.");
        Assert.Contains("Host=", secret["stringData"][secretRef["key"].Text!].Text, StringComparison.Ordinal);

        var configMapRef = Assert.Single(Silo["envFrom"].Items)["configMapRef"];
        Assert.Equal(DeployFiles.KubernetesObject("ConfigMap")["metadata"]["name"].Text, configMapRef["name"].Text);
    }

    [Fact]
    public void Pods_get_longer_to_stop_than_the_silos_clean_stop_takes()
    {
        int grace = PodTemplate["spec"]["terminationGracePeriodSeconds"].Number ?? 30;
        Assert.True(TimeSpan.FromSeconds(grace) >= SiloContract.ShutdownTimeout + TimeSpan.FromSeconds(15),
            $"terminationGracePeriodSeconds {grace} leaves Orleans too little time after the silo's {SiloContract.ShutdownTimeout} clean stop.");
        Assert.Equal("true", PodTemplate["spec"]["securityContext"]["runAsNonRoot"].Text);
        Assert.Equal("0", Deployment["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"].Text);
    }

    private static void AssertSelects(Yaml selector, Yaml podLabels, string selectorOwner)
    {
        Assert.NotEmpty(selector.Entries);
        foreach (var (label, value) in selector.Entries)
        {
            Assert.True(podLabels[label].Text == value.Text, $"{selectorOwner} selects {label}={value.Text}, which the silo pods do not carry.");
        }
    }

    // RFC 1123 label: what Kubernetes accepts as the name of these kinds.
    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex DnsLabel();
}
