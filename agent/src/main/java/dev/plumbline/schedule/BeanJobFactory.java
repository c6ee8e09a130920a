package dev.plumbline.schedule;

import io.micronaut.context.BeanContext;
import jakarta.inject.Singleton;
import org.quartz.Job;
import org.quartz.Scheduler;
import org.quartz.spi.JobFactory;
import org.quartz.spi.TriggerFiredBundle;

/** Quartz creates jobs through this factory, so jobs are Micronaut beans with their dependencies injected. */
@Singleton
public class BeanJobFactory implements JobFactory {

    private final BeanContext context;

    public BeanJobFactory(BeanContext context) {
        this.context = context;
    }

    @Override
    public Job newJob(TriggerFiredBundle bundle, Scheduler scheduler) {
        return context.createBean(bundle.getJobDetail().getJobClass());
    }
}
