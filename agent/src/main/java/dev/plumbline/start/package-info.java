/**
 * The training run of the start-up cache: {@link dev.plumbline.start.Training} walks the one-shot commands offline
 * (render, validate, diff against {@link dev.plumbline.start.TrainingApiServer} on 127.0.0.1) in a JVM that records
 * the classes it loads into an application class-data-sharing archive (JDK 17–24) or an AOT cache (JDK 25+). The
 * {@code plumbline} launcher at the repository root builds it ({@code --build-start-cache}, run by the package step)
 * and uses it. Nothing here is reachable from a command; see docs/decisions/0037-start-up-cache.md.
 */
package dev.plumbline.start;
