/**
 * The environment a base image's config sets (NODE_VERSION, PATH, SSL_CERT_FILE …), as
 * far as variable scopes need it: UndefinedVar must not flag `$NODE_VERSION` on node.
 * (The catalog, beside it, holds their sizes and layers.)
 */
import { DEFAULT_PATH } from '../dockerfile/expandable';
import { EMPTY_ENV, EnvMap } from '../dockerfile/lexer';
import { familiarRepository } from '../dockerfile/reference';

/**
 * ENV of well-known official images, so `$NODE_VERSION` or `$GOPATH` is not
 * reported as undefined. BuildKit reads the real image config; this table is
 * an approximation of the docker-library images (values are typical, keys are
 * what matters). An image not listed here contributes only PATH.
 */
const IMAGE_ENV: Record<string, Array<[string, string]>> = {
  node: [['NODE_VERSION', '20.18.1'], ['YARN_VERSION', '1.22.22']],
  golang: [['PATH', `/go/bin:/usr/local/go/bin:${DEFAULT_PATH}`], ['GOLANG_VERSION', '1.22.11'], ['GOTOOLCHAIN', 'local'], ['GOPATH', '/go']],
  python: [['PATH', DEFAULT_PATH], ['LANG', 'C.UTF-8'], ['GPG_KEY', ''], ['PYTHON_VERSION', '3.12.8'], ['PYTHON_SHA256', '']],
  nginx: [['NGINX_VERSION', '1.27.3'], ['NJS_VERSION', '0.8.7'], ['NJS_RELEASE', '1'], ['PKG_RELEASE', '1'], ['DYNPKG_RELEASE', '1']],
  httpd: [['HTTPD_PREFIX', '/usr/local/apache2'], ['HTTPD_VERSION', '2.4.62'], ['HTTPD_SHA256', ''], ['HTTPD_PATCHES', '']],
  'eclipse-temurin': [['JAVA_HOME', '/opt/java/openjdk'], ['LANG', 'en_US.UTF-8'], ['LANGUAGE', 'en_US:en'], ['LC_ALL', 'en_US.UTF-8'], ['JAVA_VERSION', 'jdk-21.0.5+11']],
  openjdk: [['JAVA_HOME', '/usr/local/openjdk'], ['LANG', 'C.UTF-8'], ['JAVA_VERSION', '21']],
  amazoncorretto: [['LANG', 'C.UTF-8'], ['JAVA_HOME', '/usr/lib/jvm/java-21-amazon-corretto']],
  maven: [['JAVA_HOME', '/opt/java/openjdk'], ['LANG', 'en_US.UTF-8'], ['JAVA_VERSION', ''], ['MAVEN_HOME', '/usr/share/maven'], ['MAVEN_CONFIG', '/root/.m2']],
  gradle: [['JAVA_HOME', '/opt/java/openjdk'], ['LANG', 'en_US.UTF-8'], ['JAVA_VERSION', ''], ['GRADLE_HOME', '/opt/gradle'], ['GRADLE_VERSION', '8.12']],
  ruby: [['LANG', 'C.UTF-8'], ['RUBY_VERSION', '3.3.6'], ['RUBY_DOWNLOAD_URL', ''], ['RUBY_DOWNLOAD_SHA256', ''], ['GEM_HOME', '/usr/local/bundle'], ['BUNDLE_SILENCE_ROOT_WARNING', '1'], ['BUNDLE_APP_CONFIG', '/usr/local/bundle'], ['PATH', `/usr/local/bundle/bin:${DEFAULT_PATH}`]],
  rust: [['RUSTUP_HOME', '/usr/local/rustup'], ['CARGO_HOME', '/usr/local/cargo'], ['PATH', `/usr/local/cargo/bin:${DEFAULT_PATH}`], ['RUST_VERSION', '1.83.0']],
  php: [['PHPIZE_DEPS', ''], ['PHP_INI_DIR', '/usr/local/etc/php'], ['PHP_CFLAGS', ''], ['PHP_CPPFLAGS', ''], ['PHP_LDFLAGS', ''], ['GPG_KEYS', ''], ['PHP_VERSION', '8.3.14'], ['PHP_URL', ''], ['PHP_ASC_URL', ''], ['PHP_SHA256', '']],
  postgres: [['GOSU_VERSION', '1.17'], ['LANG', 'en_US.utf8'], ['PG_MAJOR', '17'], ['PG_VERSION', '17.2'], ['PGDATA', '/var/lib/postgresql/data']],
  redis: [['REDIS_VERSION', '7.4.1'], ['REDIS_DOWNLOAD_URL', ''], ['REDIS_DOWNLOAD_SHA', '']],
};

const DISTROLESS_ENV: Array<[string, string]> = [['SSL_CERT_FILE', '/etc/ssl/certs/ca-certificates.crt']];

/** The ENV an external base image brings, as far as the table above knows it. */
export function imageEnv(ref: string): EnvMap {
  if (ref === 'scratch' || ref === '') return EMPTY_ENV;
  const repo = familiarRepository(ref);
  if (repo.startsWith('gcr.io/distroless/')) return new EnvMap(DISTROLESS_ENV);
  const entries = IMAGE_ENV[repo];
  return entries ? new EnvMap(entries) : EMPTY_ENV;
}
