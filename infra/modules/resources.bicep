// Everything FuncSession runs on, inside one resource group: storage (host storage, deployment
// packages and the session tables), the Function App on Flex Consumption, a user-assigned identity
// that every data-plane call uses, Key Vault for the signing keys, and monitoring.
// No account keys, connection strings or publishing passwords exist anywhere: shared-key access is
// off on storage, local auth is off on Application Insights, and basic publishing credentials are off.

@minLength(1)
@maxLength(64)
@description('Name of the environment; seeds the resource names and the azd-env-name tag.')
param environmentName string

@description('Azure region for every resource. It must offer the Flex Consumption plan.')
param location string = resourceGroup().location

@secure()
@minLength(44)
@description('Session signing key ring: base64 keys of at least 32 bytes, comma-separated. The first key signs, every key verifies. Pass the same value on every deployment; changing it is a key rotation.')
param signingKeys string

@description('Browser origins allowed to call the API with credentials, comma-separated (for example https://app.example.com). Empty allows none.')
param allowedOrigins string = ''

@maxLength(40)
@description('Prefix for the session table names (letters and digits, starting with a letter), so several apps can share one storage account. Empty for none.')
param tablePrefix string = ''

@description('Sliding idle timeout of a non-permanent session, as a .NET TimeSpan.')
param idleTimeout string = '00:30:00'

@description('Absolute lifetime of a non-permanent session, as a .NET TimeSpan.')
param absoluteTimeout string = '12:00:00'

@description('Lifetime of a permanent ("remember me") session, as a .NET TimeSpan.')
param permanentLifetime string = '31.00:00:00'

@description('Whether POST /api/auth/register accepts new accounts.')
param registrationEnabled bool = true

@description('NCRONTAB schedule (with seconds) of the expired-session cleanup timer.')
param sessionCleanupSchedule string = '0 */5 * * * *'

// Flex Consumption accepts 1 to 1000; the old floor of 40 was lifted
// (https://learn.microsoft.com/azure/azure-functions/event-driven-scaling#limit-scale-out).
@minValue(1)
@maxValue(1000)
@description('Upper bound on Flex Consumption instances (1 to 1000).')
param maximumInstanceCount int = 100

@allowed([
  512
  2048
  4096
])
@description('Memory of each Flex Consumption instance, in MB.')
param instanceMemoryMB int = 2048

@description('Object id of the user or service principal that provisions (azd passes AZURE_PRINCIPAL_ID). It may read the signing-key secret, so a provision from another machine reuses the key instead of replacing it. Empty grants nobody.')
param deployerPrincipalId string = ''

@minValue(7)
@maxValue(90)
@description('Days a deleted Key Vault stays recoverable (and its name stays taken; purge protection forbids purging it sooner). The vault only holds the regenerable signing keys, so the minimum is the default. Fixed once the vault exists.')
param keyVaultSoftDeleteRetentionDays int = 7

var resourceToken = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName))
var tags = {
  'azd-env-name': environmentName
}
var deploymentContainerName = 'deployment-package'
var sessionTableNames = [
  'Sessions'
  'SessionExpiry'
  'UserSessions'
  'Users'
  'LoginThrottle'
]
var corsOrigins = filter(map(split(allowedOrigins, ','), origin => trim(origin)), origin => !empty(origin))

// Built-in role definitions, granted to the app's identity only. Nothing here is Owner or Contributor.
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

// ---------------------------------------------------------------------------------------------
// Identity

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: 'id-${resourceToken}'
  location: location
  tags: tags
}

// ---------------------------------------------------------------------------------------------
// Storage: Functions host storage, deployment packages and the session tables, Entra ID only.

resource storage 'Microsoft.Storage/storageAccounts@2026-09-01' = {
  name: 'st${resourceToken}'
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2026-09-01' = {
  parent: storage
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-09-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2026-09-01' = {
  parent: storage
  name: 'default'
}

// Created here so the app never needs CreateIfNotExists at run time.
resource sessionTables 'Microsoft.Storage/storageAccounts/tableServices/tables@2026-09-01' = [
  for tableName in sessionTableNames: {
    parent: tableService
    name: '${tablePrefix}${tableName}'
  }
]

// ---------------------------------------------------------------------------------------------
// Key Vault: the session signing key ring, read by the app through a Key Vault reference.

resource keyVault 'Microsoft.KeyVault/vaults@2026-05-15' = {
  name: 'kv-${resourceToken}'
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: keyVaultSoftDeleteRetentionDays
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource signingKeysSecret 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = {
  parent: keyVault
  name: 'session-signing-keys'
  properties: {
    value: signingKeys
    contentType: 'Comma-separated base64 HMAC-SHA256 keys; the first signs, all verify'
  }
}

// ---------------------------------------------------------------------------------------------
// Monitoring: Entra ID ingestion only.

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2026-03-01' = {
  name: 'log-${resourceToken}'
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
    features: {
      disableLocalAuth: true
    }
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${resourceToken}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
    DisableLocalAuth: true
  }
}

// ---------------------------------------------------------------------------------------------
// Function App on Flex Consumption.

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: 'plan-${resourceToken}'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2025-03-01' = {
  name: 'func-${resourceToken}'
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      // No ftpsState: Flex Consumption refuses it (FTP is off through the publishing credentials
      // policies below).
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      http20Enabled: true
      cors: {
        allowedOrigins: corsOrigins
        supportCredentials: true
      }
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
  // The site only names the container by URL, so ARM would not otherwise wait for it; the first
  // deployment of the package must find it there.
  dependsOn: [
    deploymentContainer
  ]
}

resource ftpPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: functionApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: functionApp
  name: 'scm'
  properties: {
    allow: false
  }
}

// The settings wait for the role assignments, so the host's first start can already reach storage
// and resolve the Key Vault reference. Settings are owned by this template: a redeployment resets
// any change made in the portal.
resource appSettings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: {
    // Host storage, identity-based. Blob holds the host's leases (timer singleton, host id) and
    // keys; table takes the host's diagnostic events. No queue endpoint or queue role: the app has
    // only HTTP and timer triggers, and nothing in the host needs a queue for those. Add both if a
    // queue or blob trigger ever arrives.
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identity.properties.clientId
    AzureWebJobsStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
    AzureWebJobsStorage__tableServiceUri: storage.properties.primaryEndpoints.table
    // The app's own session tables, through Microsoft.Extensions.Azure with the same identity.
    SessionStorage__tableServiceUri: storage.properties.primaryEndpoints.table
    SessionStorage__credential: 'managedidentity'
    SessionStorage__clientId: identity.properties.clientId
    // Pinned to the secret version this deployment wrote, so a rotation changes the setting and
    // every instance restarts with the new key ring at once.
    FuncSession__SigningKeys: '@Microsoft.KeyVault(SecretUri=${signingKeysSecret.properties.secretUriWithVersion})'
    FuncSession__CookieSecure: 'true'
    FuncSession__CookieName: '__Host-session'
    FuncSession__AllowedOrigins: join(corsOrigins, ',')
    FuncSession__IdleTimeout: idleTimeout
    FuncSession__AbsoluteTimeout: absoluteTimeout
    FuncSession__PermanentLifetime: permanentLifetime
    FuncSession__RegistrationEnabled: registrationEnabled ? 'true' : 'false'
    FuncSession__TablePrefix: tablePrefix
    // Every request reaches the app through the platform's front end, which appends the address of
    // the connection it accepted to X-Forwarded-For; the app takes that right-most entry as the
    // client's address for its per-address limits. Whatever a client writes there itself stays to
    // the left and is ignored.
    FuncSession__ClientAddressHeader: 'X-Forwarded-For'
    // Bicep creates the tables (sessionTables above), so the app does not try at every cold start.
    FuncSession__CreateTablesOnStartup: 'false'
    // The Functions host, not the worker, resolves %SessionCleanupSchedule% in the timer trigger,
    // so the schedule must be an app setting: the worker's default does not reach the host.
    SessionCleanupSchedule: sessionCleanupSchedule
    // The connection string only names the ingestion endpoint; the identity authenticates.
    APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.properties.clientId};Authorization=AAD'
  }
  dependsOn: [
    storageBlobDataOwner
    storageTableDataContributor
    keyVaultSecretsUser
    monitoringMetricsPublisher
    sessionTables
  ]
}

// ---------------------------------------------------------------------------------------------
// Role assignments for the app's identity, each on the narrowest scope that works.

resource storageBlobDataOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, roles.storageBlobDataOwner)
  scope: storage
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataOwner)
  }
}

resource storageTableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, roles.storageTableDataContributor)
  scope: storage
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageTableDataContributor)
  }
}

// Scoped to the one secret rather than the vault.
resource keyVaultSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(signingKeysSecret.id, identity.id, roles.keyVaultSecretsUser)
  scope: signingKeysSecret
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
  }
}

resource monitoringMetricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, identity.id, roles.monitoringMetricsPublisher)
  scope: appInsights
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
  }
}

// The deployer may read the signing keys it deployed, and nothing else in the vault: the
// preprovision hook reads them when the local azd environment has none (a new machine, CI), so
// that provision keeps the keys rather than generating new ones and logging every user out.
resource deployerSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(deployerPrincipalId)) {
  name: guid(signingKeysSecret.id, deployerPrincipalId, roles.keyVaultSecretsUser)
  scope: signingKeysSecret
  properties: {
    principalId: deployerPrincipalId
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
  }
}

// ---------------------------------------------------------------------------------------------
// Diagnostic settings: who read or changed the signing keys (Key Vault audit events), and the
// Functions host's own logs, both kept in the Log Analytics workspace.

// 2021-05-01-preview is the newest version of diagnosticSettings there is; the only version the
// linter accepts, 2016-09-01, is a legacy schema (one setting named 'service', per location).
#disable-next-line use-recent-api-versions
resource keyVaultDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: keyVault
  properties: {
    workspaceId: logAnalytics.id
    logs: [
      {
        category: 'AuditEvent'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

#disable-next-line use-recent-api-versions
resource functionAppDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: functionApp
  properties: {
    workspaceId: logAnalytics.id
    logs: [
      {
        category: 'FunctionAppLogs'
        enabled: true
      }
    ]
  }
}

// ---------------------------------------------------------------------------------------------
// Dashboard: an Azure Monitor workbook over Application Insights (the requests table and the
// app's FuncSession meter in customMetrics). Its layout is in dashboard.workbook.json.

resource dashboard 'Microsoft.Insights/workbooks@2023-06-01' = {
  name: guid(resourceGroup().id, environmentName, 'funcsession-dashboard')
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: 'FuncSession (${environmentName})'
    category: 'workbook'
    sourceId: appInsights.id
    serializedData: loadTextContent('dashboard.workbook.json')
  }
}

output functionAppName string = functionApp.name
output keyVaultName string = keyVault.name
output storageAccountName string = storage.name
@description('Resource id of the FuncSession workbook (Azure Monitor dashboard).')
output dashboardId string = dashboard.id
@description('Base URL of the HTTP API (the Functions route prefix is "api").')
output apiBaseUrl string = 'https://${functionApp.properties.defaultHostName}/api'
